import { useFeedbackSummary } from '../api.ts';
import { ChartCard } from '../chart-card.tsx';
import { answered, ScoreNumbers, type ScoreScale, ScoreTrendChart } from './score-trend.tsx';

const scale: ScoreScale = { name: 'NPS', min: -100, max: 100, unit: '', color: 'blue.8' };

export function NpsTrendCard() {
  const summary = useFeedbackSummary();
  return (
    <ChartCard
      title="NPS trend"
      description="Net Promoter Score by month, with its 95% interval."
      query={summary}
      thing="feedback summary"
      isEmpty={(d) => answered(d.nps?.series).length === 0}
      empty="No data yet: NPS appears here once customers answer an NPS survey."
      chart={(d) => <ScoreTrendChart points={answered(d.nps?.series)} scale={scale} />}
      numbers={(d) => <ScoreNumbers points={answered(d.nps?.series)} scale={scale} />}
    />
  );
}

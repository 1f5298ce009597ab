import { ChartCard } from '../../../ui/chart-card.tsx';
import { useFeedbackSummary } from '../api.ts';
import { answered, ScoreNumbers, ScoreTrendChart, scoreScales } from './score-trend.tsx';

const scale = scoreScales.nps;

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

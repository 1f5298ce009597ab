import { useFeedbackSummary } from '../api.ts';
import { ChartCard } from '../chart-card.tsx';
import { answered, ScoreNumbers, type ScoreScale, ScoreTrendChart } from './score-trend.tsx';

const scale: ScoreScale = { name: 'CSAT', min: 0, max: 100, unit: '%', color: 'teal.8' };

export function CsatTrendCard() {
  const summary = useFeedbackSummary();
  return (
    <ChartCard
      title="CSAT trend"
      description="Share of satisfied answers (4 or 5 of 5) by month, with its 95% interval."
      query={summary}
      thing="feedback summary"
      isEmpty={(d) => answered(d.csat?.series).length === 0}
      empty="No data yet: CSAT appears here once customers answer a CSAT question."
      chart={(d) => <ScoreTrendChart points={answered(d.csat?.series)} scale={scale} />}
      numbers={(d) => <ScoreNumbers points={answered(d.csat?.series)} scale={scale} />}
    />
  );
}

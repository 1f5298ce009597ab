import { ChartCard } from '../../../ui/chart-card.tsx';
import { useFeedbackSummary } from '../api.ts';
import { answered, ScoreNumbers, ScoreTrendChart, scoreScales } from './score-trend.tsx';

const scale = scoreScales.csat;

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

import { ChartCard } from '../../../ui/chart-card.tsx';
import {
  answered,
  ScoreNumbers,
  ScoreTrendChart,
  scoreScales,
} from '../../dashboards/charts/score-trend.tsx';
import type { ScoreType } from '../api.ts';
import type { Summary } from '../results-api.ts';

export type SummaryQuery = {
  isPending: boolean;
  isError: boolean;
  error: unknown;
  data: Summary | undefined;
  refetch: () => unknown;
};

const described: Record<ScoreType, string> = {
  nps: 'Net Promoter Score of this survey by month, with its 95% interval.',
  csat: 'Share of satisfied answers (4 or 5 of 5) by month, with its 95% interval.',
  ces: 'Average effort score (1–7, 7 = easy) by month, with its 95% interval.',
};

/** A score of this survey by month, from the feedback summary filtered to it. */
export function ScoreTrendCard({ type, summary }: { type: ScoreType; summary: SummaryQuery }) {
  const name = type.toUpperCase();
  const points = (d: Summary) => answered(d[type]?.series);
  return (
    <ChartCard
      title={`${name} trend`}
      description={described[type]}
      query={summary}
      thing="survey results"
      isEmpty={(d) => points(d).length === 0}
      empty={`No answers yet: the ${name} trend appears once customers answer.`}
      chart={(d) => <ScoreTrendChart points={points(d)} scale={scoreScales[type]} />}
      numbers={(d) => <ScoreNumbers points={points(d)} scale={scoreScales[type]} />}
    />
  );
}

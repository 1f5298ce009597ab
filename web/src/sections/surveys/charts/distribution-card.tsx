import { BarChart } from '@mantine/charts';
import { Text } from '@mantine/core';
import { ChartCard, ChartImage, NumbersTable } from '../../../ui/chart-card.tsx';
import { pct } from '../../dashboards/format.ts';
import type { ScoreType } from '../api.ts';
import { bandOf, type Summary, scoreBands, type TypeSummary } from '../results-api.ts';
import type { SummaryQuery } from './score-trend-card.tsx';

type Distribution = TypeSummary['distribution'];

/** How many answers gave each score (0–10, 1–5 or 1–7), coloured and named by band. */
export function DistributionCard({ type, summary }: { type: ScoreType; summary: SummaryQuery }) {
  const name = type.toUpperCase();
  const dist = (d: Summary): Distribution => d[type]?.distribution ?? [];
  return (
    <ChartCard
      title={`${name} answers by score`}
      description="How many answers gave each score, over all time."
      query={summary}
      thing="survey results"
      isEmpty={(d) => dist(d).every((p) => p.count === 0)}
      empty={`No answers yet: the ${name} scores appear once customers answer.`}
      chart={(d) => <DistributionChart type={type} dist={dist(d)} />}
      numbers={(d) => <DistributionNumbers type={type} dist={dist(d)} />}
    />
  );
}

function DistributionChart({ type, dist }: { type: ScoreType; dist: Distribution }) {
  const bands = scoreBands[type];
  // One series per band, stacked: each bar has a single non-zero part, so it takes its band's
  // colour and the legend names the bands in words.
  const rows = dist.map((p) => ({
    score: String(p.score),
    ...Object.fromEntries(bands.map((b) => [b.key, bandOf(type, p.score).key === b.key ? p.count : 0])),
  }));
  const total = dist.reduce((s, p) => s + p.count, 0);
  // Whole-number ticks, evenly spaced: at most five, from 0 to a round top above the tallest bar.
  const most = Math.max(1, ...dist.map((p) => p.count));
  const step = Math.ceil(most / 4);
  const ticks = Array.from({ length: Math.ceil(most / step) + 1 }, (_, i) => i * step);
  const byBand = bands.map((b) => ({
    label: b.label,
    n: dist.filter((p) => bandOf(type, p.score).key === b.key).reduce((s, p) => s + p.count, 0),
  }));
  return (
    <div>
      <Text size="sm" mb={4}>
        {total} answer{total === 1 ? '' : 's'}:{' '}
        {byBand.map((b) => `${b.n} ${b.label.toLowerCase()}`).join(', ')}
      </Text>
      <ChartImage
        label={`${type.toUpperCase()} answers by score: ${dist.map((p) => `${p.score}: ${p.count}`).join(', ')}`}
      >
        <BarChart
          h={220}
          data={rows}
          dataKey="score"
          type="stacked"
          accessibilityLayer={false}
          withLegend
          legendProps={{ verticalAlign: 'bottom', height: 28 }}
          xAxisLabel="Score"
          yAxisProps={{ allowDecimals: false, width: 36, domain: [0, ticks.at(-1) ?? 1], ticks }}
          series={bands.map((b) => ({ name: b.key, label: b.label, color: b.color }))}
        />
      </ChartImage>
    </div>
  );
}

function DistributionNumbers({ type, dist }: { type: ScoreType; dist: Distribution }) {
  const total = dist.reduce((s, p) => s + p.count, 0);
  return (
    <NumbersTable
      label={`${type.toUpperCase()} answers by score`}
      head={['Score', 'Answers', 'Share', 'Band']}
      rows={dist.map((p) => ({
        key: String(p.score),
        cells: [p.score, p.count, total ? pct(p.count / total) : '–', bandOf(type, p.score).label],
      }))}
    />
  );
}

import { LineChart } from '@mantine/charts';
import { Text } from '@mantine/core';
import { ChartImage, NumbersTable } from '../../../ui/chart-card.tsx';
import type { ScorePoint } from '../api.ts';
import { monthLabel } from '../format.ts';

/** A score's scale on the chart: NPS runs −100…100, CSAT is a share of 0…100 %, CES averages 1…7. */
export type ScoreScale = {
  name: 'NPS' | 'CSAT' | 'CES';
  min: number;
  max: number;
  unit: string;
  color: string;
  /** Decimals shown: NPS and CSAT are whole numbers, a CES average needs one. */
  decimals: number;
};

/** The same scales on every screen, so a survey's chart and the dashboards agree. */
export const scoreScales: Record<'nps' | 'csat' | 'ces', ScoreScale> = {
  nps: { name: 'NPS', min: -100, max: 100, unit: '', color: 'blue.8', decimals: 0 },
  csat: { name: 'CSAT', min: 0, max: 100, unit: '%', color: 'teal.8', decimals: 0 },
  ces: { name: 'CES', min: 1, max: 7, unit: '', color: 'grape.8', decimals: 1 },
};

/** Months with answers and a score; months without answers would draw a misleading zero. */
export const answered = (series: ScorePoint[] | undefined): ScorePoint[] =>
  (series ?? []).filter((p) => p.n > 0 && p.value !== null);

const rounder = (s: ScoreScale) => (v: number | null | undefined) =>
  Math.round((v ?? 0) * 10 ** s.decimals) / 10 ** s.decimals;

/**
 * A score by month with its 95% interval as dashed lines; hollow points mark months with fewer
 * than 30 answers, where the number moves a lot with each answer.
 */
export function ScoreTrendChart({ points, scale }: { points: ScorePoint[]; scale: ScoreScale }) {
  const round = rounder(scale);
  const rows = points.map((p) => ({
    month: monthLabel(p.period),
    score: round(p.value),
    high: p.ci ? round(p.ci.high) : null,
    low: p.ci ? round(p.ci.low) : null,
    smallSample: p.smallSample,
  }));
  const last = points.at(-1);
  const color = `var(--mantine-color-${scale.color.replace('.', '-')})`;
  const fmt = (v: number) => `${v}${scale.unit}`;
  return (
    <div>
      {last && (
        <Text size="sm" mb={4}>
          Latest: <b>{fmt(round(last.value))}</b> in {monthLabel(last.period)} from {last.n} answers
          {last.smallSample ? ' (small sample)' : ''}
        </Text>
      )}
      <ChartImage
        label={`${scale.name} by month: ${rows.map((r) => `${r.month} ${fmt(r.score)}`).join(', ')}`}
      >
        <LineChart
          h={220}
          data={rows}
          dataKey="month"
          curveType="linear"
          accessibilityLayer={false}
          series={[
            { name: 'score', label: scale.name, color: scale.color },
            { name: 'high', label: '95% interval, high', color: 'gray.5', strokeDasharray: '4 4' },
            { name: 'low', label: '95% interval, low', color: 'gray.5', strokeDasharray: '4 4' },
          ]}
          yAxisProps={{ domain: [scale.min, scale.max], ticks: ticks(scale), width: 44 }}
          valueFormatter={fmt}
          referenceLines={scale.min < 0 ? [{ y: 0, color: 'gray.6' }] : undefined}
          lineProps={(s) =>
            s.name === 'score'
              ? {
                  strokeWidth: 2.5,
                  dot: ({ cx, cy, payload, index }) => (
                    <circle
                      key={index}
                      cx={cx}
                      cy={cy}
                      r={4}
                      stroke={color}
                      strokeWidth={2}
                      fill={payload.smallSample ? 'var(--mantine-color-body)' : color}
                    />
                  ),
                }
              : { strokeWidth: 1.5, dot: false, activeDot: false }
          }
        />
      </ChartImage>
      <Text size="xs" c="dimmed">
        Hollow points: fewer than 30 answers. Dashed: 95% interval.
      </Text>
    </div>
  );
}

const ticks = (s: ScoreScale) => {
  const steps = s.max - s.min <= 6 ? s.max - s.min : 4;
  return Array.from({ length: steps + 1 }, (_, i) => s.min + (i * (s.max - s.min)) / steps);
};

export function ScoreNumbers({ points, scale }: { points: ScorePoint[]; scale: ScoreScale }) {
  const round = rounder(scale);
  const nps = scale.name === 'NPS';
  const csat = scale.name === 'CSAT';
  return (
    <NumbersTable
      label={`${scale.name} by month`}
      head={[
        'Month',
        'Answers',
        scale.name,
        '95% interval',
        ...(nps ? ['Promoters', 'Passives', 'Detractors'] : csat ? ['Average score (1–5)'] : []),
      ]}
      rows={points.map((p) => ({
        key: p.period,
        cells: [
          monthLabel(p.period),
          p.n,
          `${round(p.value)}${scale.unit}`,
          p.ci ? `${round(p.ci.low)} to ${round(p.ci.high)}${scale.unit}` : '–',
          ...(nps
            ? [p.promoters ?? '–', p.passives ?? '–', p.detractors ?? '–']
            : csat
              ? [p.mean === null ? '–' : p.mean.toFixed(2)]
              : []),
        ],
      }))}
    />
  );
}

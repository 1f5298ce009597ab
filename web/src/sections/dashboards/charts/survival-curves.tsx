import { LineChart } from '@mantine/charts';
import { Box, Group, NativeSelect, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { ChartCard, ChartImage, NumbersTable } from '../../../ui/chart-card.tsx';
import { humanize } from '../../../ui/format.ts';
import { ChurnDefinitionNote } from '../churn-definition-note.tsx';
import { monthLabel, months, pct } from '../format.ts';
import { type SegmentCurve, type SurvivalSplit, useSurvival } from '../insight-api.ts';

const splits: { value: SurvivalSplit; label: string }[] = [
  { value: 'all', label: 'All customers' },
  { value: 'lifecycleStage', label: 'Lifecycle stage' },
  { value: 'cohort', label: 'Month first seen' },
];
const colors = ['blue.8', 'orange.8', 'teal.8', 'grape.8', 'red.8', 'indigo.8'];
/** More curves than this become a tangle; the rest are in the numbers. */
const DRAWN = colors.length;

const segmentLabel = (segment: string, split: SurvivalSplit): string =>
  segment === 'all'
    ? 'All customers'
    : segment === '(none)'
      ? 'No lifecycle stage'
      : split === 'cohort'
        ? monthLabel(segment)
        : humanize(segment);

/** S(t) of a curve at whole month t: the last step at or before t; null after its last observation. */
function survivalAt(c: SegmentCurve, t: number): number | null {
  const last = c.points.at(-1);
  if (last && t > last.time) return null;
  let s = 1;
  for (const p of c.points) if (p.time <= t) s = p.survival;
  return s;
}

const horizon = (curves: SegmentCurve[]) => Math.max(0, ...curves.map((c) => c.points.at(-1)?.time ?? 0));

function medianText(c: SegmentCurve): string {
  if (c.median === null) {
    const last = c.points.at(-1);
    return last
      ? `median not reached (${pct(last.survival)} still customers after ${months(last.time)})`
      : '';
  }
  const { lower, upper } = c.medianInterval;
  const band =
    lower === null && upper === null
      ? ''
      : ` (95%: ${lower ?? 0} to ${upper === null ? 'not reached' : months(upper)})`;
  return `median lifetime ${months(c.median)}${band}`;
}

export function SurvivalCurvesCard() {
  const [split, setSplit] = useState<SurvivalSplit>('all');
  const survival = useSurvival(split);
  return (
    <ChartCard
      title="Survival curves"
      description="Share of customers still with you N months after they were first seen (Kaplan–Meier; churn as defined below)."
      query={survival}
      thing="survival curves"
      isEmpty={(d) => d.curves.every((c) => c.subjects === 0)}
      empty="No data yet: survival curves appear after the first insight scoring run."
      chart={(d) => (
        <Stack gap="xs">
          <NativeSelect
            label="Curves for"
            size="xs"
            w={200}
            data={splits}
            value={split}
            onChange={(e) => setSplit(e.currentTarget.value as SurvivalSplit)}
          />
          <SurvivalChart curves={d.curves} split={split} />
          <ChurnDefinitionNote definition={d.definition} />
        </Stack>
      )}
      numbers={(d) => <SurvivalNumbers curves={d.curves} split={split} />}
    />
  );
}

function SurvivalChart({ curves, split }: { curves: SegmentCurve[]; split: SurvivalSplit }) {
  const drawn = curves.slice(0, DRAWN);
  const rows = Array.from({ length: horizon(drawn) + 1 }, (_, t) => {
    const row: Record<string, number | null> = { month: t };
    drawn.forEach((c, i) => {
      const s = survivalAt(c, t);
      row[`s${i}`] = s === null ? null : Math.round(s * 1000) / 10;
    });
    return row;
  });
  const summary = drawn
    .map((c) => `${segmentLabel(c.segment, split)}: ${c.subjects} customers, ${medianText(c)}`)
    .join('; ');
  return (
    <div>
      <ChartImage label={`Survival curves by month since first seen: ${summary}`}>
        <LineChart
          h={240}
          data={rows}
          dataKey="month"
          curveType="stepAfter"
          withDots={false}
          connectNulls={false}
          accessibilityLayer={false}
          series={drawn.map((c, i) => ({
            name: `s${i}`,
            label: segmentLabel(c.segment, split),
            color: colors[i] ?? 'gray.7',
          }))}
          yAxisProps={{ domain: [0, 100], ticks: [0, 25, 50, 75, 100], width: 48 }}
          xAxisLabel="Months since first seen"
          valueFormatter={(v) => `${v}%`}
          referenceLines={[{ y: 50, color: 'gray.6', label: 'Half gone', labelPosition: 'insideTopRight' }]}
        />
      </ChartImage>
      <Stack gap={2} component="ul" p={0} m={0} mt="xs">
        {drawn.map((c, i) => (
          <Group key={c.segment} component="li" gap={6} wrap="nowrap" align="flex-start">
            <Box
              w={12}
              h={12}
              mt={4}
              style={{ flexShrink: 0, borderRadius: 2 }}
              bg={colors[i] ?? 'gray.7'}
              aria-hidden="true"
            />
            <Text size="sm">
              <b>{segmentLabel(c.segment, split)}</b>: {c.subjects} customers, {c.events} churned,{' '}
              {medianText(c)}
            </Text>
          </Group>
        ))}
      </Stack>
      {curves.length > drawn.length && (
        <Text size="xs" c="dimmed">
          The {DRAWN} largest of {curves.length} groups are drawn; all are in the numbers.
        </Text>
      )}
    </div>
  );
}

function SurvivalNumbers({ curves, split }: { curves: SegmentCurve[]; split: SurvivalSplit }) {
  const band = (c: SegmentCurve, t: number) => {
    const s = survivalAt(c, t);
    if (s === null) return '–';
    const p = c.points.filter((x) => x.time <= t).at(-1);
    return p ? `${pct(s, 1)} (${pct(p.lower)}–${pct(p.upper)})` : pct(s, 1);
  };
  return (
    <NumbersTable
      label="Survival by month"
      head={['Months since first seen', ...curves.map((c) => segmentLabel(c.segment, split))]}
      rows={Array.from({ length: horizon(curves) + 1 }, (_, t) => ({
        key: String(t),
        cells: [t, ...curves.map((c) => band(c, t))],
      }))}
    />
  );
}

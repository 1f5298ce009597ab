import { LineChart } from '@mantine/charts';
import { Text } from '@mantine/core';
import { ChartCard, ChartImage, NumbersTable } from '../../../ui/chart-card.tsx';
import { ChurnDefinitionNote } from '../churn-definition-note.tsx';
import { monthLabel, pct } from '../format.ts';
import { type BaseTotals, type ChurnMonth, useCohortReport } from '../insight-api.ts';

/** Months that started with customers: before the first customer there is no rate to show. */
const withBase = (churn: ChurnMonth[]) => churn.filter((m) => m.atStart > 0);
const tenths = (r: number) => Math.round(r * 1000) / 10;

export function RetentionTrendCard() {
  const report = useCohortReport();
  return (
    <ChartCard
      title="Retention and churn rate"
      description="Of the customers at the start of each month, the share kept and the share lost in it (churn as defined below)."
      query={report}
      thing="retention rates"
      isEmpty={(d) => withBase(d.churn).length === 0}
      empty="No data yet: monthly retention appears after the first insight scoring run, once customers have been with you for a month."
      chart={(d) => (
        <div>
          <RetentionChart months={withBase(d.churn)} />
          <BaseNow totals={d.totals} />
          <ChurnDefinitionNote definition={d.definition} />
        </div>
      )}
      numbers={(d) => <RetentionNumbers months={withBase(d.churn)} />}
    />
  );
}

function RetentionChart({ months }: { months: ChurnMonth[] }) {
  const rows = months.map((m) => ({
    month: monthLabel(m.month),
    retention: tenths(m.retentionRate),
    churn: tenths(m.churnRate),
  }));
  const last = months.at(-1);
  const axes = dualAxes(Math.min(...rows.map((r) => r.retention)), Math.max(...rows.map((r) => r.churn)));
  const fmt = (v: number) => `${v}%`;
  return (
    <div>
      {last && (
        <Text size="sm" mb={4}>
          {monthLabel(last.month)}: kept <b>{pct(last.retentionRate, 1)}</b>, lost{' '}
          <b>{pct(last.churnRate, 1)}</b> of {last.atStart} customers
        </Text>
      )}
      <ChartImage
        label={`Retention and churn by month: ${rows
          .map((r) => `${r.month} retention ${fmt(r.retention)}, churn ${fmt(r.churn)}`)
          .join('; ')}`}
      >
        <LineChart
          h={220}
          data={rows}
          dataKey="month"
          curveType="linear"
          accessibilityLayer={false}
          withLegend
          legendProps={{ verticalAlign: 'bottom', height: 28 }}
          withRightYAxis
          series={[
            { name: 'retention', label: 'Retention (left axis)', color: 'blue.8' },
            { name: 'churn', label: 'Churn (right axis)', color: 'red.7', yAxisId: 'right' },
          ]}
          yAxisProps={{ ...axes.left, width: 48 }}
          rightYAxisProps={{ ...axes.right, width: 48 }}
          valueFormatter={fmt}
        />
      </ChartImage>
    </div>
  );
}

const steps = [0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 25];
const INTERVALS = 4;
type Axis = { domain: [number, number]; ticks: number[] };

/**
 * Retention lives near 100% and churn near 0%: each gets its own axis so both lines show their
 * moves. Both axes get the same number of round steps, so the grid lines serve both.
 */
function dualAxes(minRetention: number, maxChurn: number): { left: Axis; right: Axis } {
  const pick = (span: number) => steps.find((s) => s * INTERVALS >= span) ?? 25;
  const leftStep = pick(Math.max(100 - minRetention, 2));
  const rightStep = pick(Math.max(maxChurn, 0.4));
  const axis = (step: number, from: number): Axis => {
    const ticks = Array.from({ length: INTERVALS + 1 }, (_, i) => Math.round((from + i * step) * 10) / 10);
    return { domain: [from, ticks[INTERVALS] ?? from], ticks };
  };
  return { left: axis(leftStep, Math.max(0, 100 - INTERVALS * leftStep)), right: axis(rightStep, 0) };
}

/**
 * Today's customer base by the same definition, and the purchase model's view of it: how many of
 * the active buyers it expects to buy again (the sum of their P(alive)).
 */
function BaseNow({ totals }: { totals: BaseTotals | null }) {
  if (!totals) return null;
  const n = (x: number) => Math.round(x).toLocaleString('en-GB');
  return (
    <Text size="sm" mt={4}>
      Now: <b>{n(totals.active)}</b> of {n(totals.customers)} customers active, {n(totals.lapsed)} lapsed
      {totals.cancelled ? `, ${n(totals.cancelled)} cancelled` : ''}.
      {totals.activeBuyers > 0 && totals.meanPAliveActive !== null && (
        <>
          {' '}
          The purchase model expects about {n(totals.expectedBuying)} of the {n(totals.activeBuyers)} active
          buyers to buy again (mean P(alive) {pct(totals.meanPAliveActive)}
          {totals.meanPAliveLeft === null ? '' : `; of those who left, ${pct(totals.meanPAliveLeft)}`}).
        </>
      )}
    </Text>
  );
}

function RetentionNumbers({ months }: { months: ChurnMonth[] }) {
  return (
    <NumbersTable
      label="Retention and churn by month"
      head={['Month', 'Customers at start', 'Churned', 'Churn rate', 'Retention rate', 'Lapsed', 'Cancelled']}
      rows={months.map((m) => ({
        key: m.month,
        cells: [
          monthLabel(m.month),
          m.atStart,
          m.churned,
          pct(m.churnRate, 1),
          pct(m.retentionRate, 1),
          m.lapsed,
          m.cancelled,
        ],
      }))}
    />
  );
}

import { Stack, Text } from '@mantine/core';
import { ChartCard, NumbersTable } from '../../../ui/chart-card.tsx';
import { formatMoney, humanize } from '../../../ui/format.ts';
import { type ChurnReasons, useChurnReasons } from '../api.ts';
import { Bar } from '../bar.tsx';
import { AsOfNote, ChurnDefinitionNote } from '../churn-definition-note.tsx';
import { pct } from '../format.ts';

export function ChurnReasonsCard() {
  const reasons = useChurnReasons();
  return (
    <ChartCard
      title="Why customers leave"
      description="Churn reasons from every source for the customers who left in the 12 months before the last scoring run (churn as defined below)."
      query={reasons}
      thing="churn reasons"
      isEmpty={(d) => d.reasons.length === 0}
      empty="No data yet: reasons appear once churned customers give one (surveys, cases, exit notes)."
      chart={(d) => (
        <Stack gap={4}>
          <Text size="sm">
            {d.churnedCustomers.toLocaleString('en-GB')} customers left since {d.since}.
          </Text>
          <ReasonsChart d={d} />
          <ChurnDefinitionNote definition={d.definition} />
          <AsOfNote asOf={d.asOf} />
        </Stack>
      )}
      numbers={(d) => <ReasonsNumbers d={d} />}
    />
  );
}

function ReasonsChart({ d }: { d: ChurnReasons }) {
  const top = d.reasons.slice(0, 8);
  const max = Math.max(...top.map((r) => r.customers));
  return (
    <Stack gap={4}>
      <Stack gap={8} component="ul" p={0} m={0} aria-label="Churn reasons">
        {top.map((r) => (
          <li style={{ listStyle: 'none' }} key={r.reason}>
            <Bar
              label={humanize(r.reason)}
              value={r.customers}
              max={max}
              color="var(--mantine-color-red-7)"
              note={`${r.customers} customers · ${pct(r.valueShare)} of lost value`}
            />
          </li>
        ))}
      </Stack>
      {d.reasons.length > top.length && (
        <Text size="xs" c="dimmed">
          And {d.reasons.length - top.length} more in the numbers.
        </Text>
      )}
    </Stack>
  );
}

function ReasonsNumbers({ d }: { d: ChurnReasons }) {
  return (
    <NumbersTable
      label="Churn reasons"
      head={['Reason', 'Customers', 'Share of churned', 'Churned value', 'Share of value', 'Sources']}
      rows={d.reasons.map((r) => ({
        key: r.reason,
        cells: [
          humanize(r.reason),
          r.customers,
          pct(r.customerShare),
          d.currency ? formatMoney(r.churnedValueMinor, d.currency) : r.churnedValueMinor,
          pct(r.valueShare),
          Object.entries(r.sources)
            .map(([s, n]) => `${humanize(s)} ${n}`)
            .join(', '),
        ],
      }))}
    />
  );
}

import { Table } from '@mantine/core';
import { ChartCard, NumbersTable } from '../../../ui/chart-card.tsx';
import { AsOfNote, ChurnDefinitionNote } from '../churn-definition-note.tsx';
import { heat, monthLabel, pct } from '../format.ts';
import { type Cohort, useCohortReport } from '../insight-api.ts';

export function CohortRetentionCard() {
  const report = useCohortReport();
  return (
    <ChartCard
      title="Cohort retention"
      description="Share of each month's new customers buying again N months after their first purchase, and the share still customers now."
      query={report}
      thing="cohorts"
      isEmpty={(d) => d.cohorts.length === 0}
      empty="No data yet: cohorts appear after the first insight scoring run."
      chart={(d) => (
        <div>
          <CohortHeatMap cohorts={d.cohorts} />
          <ChurnDefinitionNote definition={d.definition} />
          <AsOfNote asOf={d.asOf} />
        </div>
      )}
      numbers={(d) => <CohortNumbers cohorts={d.cohorts} />}
    />
  );
}

function CohortHeatMap({ cohorts }: { cohorts: Cohort[] }) {
  const span = Math.max(...cohorts.map((c) => c.retention.length));
  const cols = Array.from({ length: span }, (_, i) => i);
  return (
    <Table.ScrollContainer minWidth={480}>
      <Table withTableBorder withColumnBorders fz="xs" aria-label="Cohort retention heat map">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Cohort</Table.Th>
            <Table.Th ta="right">Customers</Table.Th>
            <Table.Th ta="right">Still customers</Table.Th>
            {cols.map((m) => (
              <Table.Th key={m} ta="center">
                M{m}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {cohorts.map((c) => (
            <Table.Tr key={c.cohort}>
              <Table.Th scope="row" fw={500}>
                {monthLabel(c.cohort)}
              </Table.Th>
              <Table.Td ta="right">{c.customers}</Table.Td>
              <Table.Td ta="right">{pct(stillShare(c))}</Table.Td>
              {cols.map((m) => {
                const r = c.retention[m];
                return (
                  <Table.Td key={m} ta="center" style={r === undefined ? undefined : heat(r)}>
                    {r === undefined ? '' : pct(r)}
                  </Table.Td>
                );
              })}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

const stillShare = (c: Cohort) => (c.customers ? (c.customers - c.left) / c.customers : 0);

function CohortNumbers({ cohorts }: { cohorts: Cohort[] }) {
  const span = Math.max(...cohorts.map((c) => c.retention.length));
  return (
    <NumbersTable
      label="Cohort retention numbers"
      head={[
        'Cohort',
        'Customers',
        'Left',
        'Still customers',
        ...Array.from({ length: span }, (_, i) => `Month ${i}`),
      ]}
      rows={cohorts.map((c) => ({
        key: c.cohort,
        cells: [
          monthLabel(c.cohort),
          c.customers,
          c.left,
          pct(stillShare(c), 1),
          ...Array.from({ length: span }, (_, i) => pct(c.retention[i], 1)),
        ],
      }))}
    />
  );
}

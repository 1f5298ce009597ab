import { Table, Text } from '@mantine/core';
import { ChartCard, NumbersTable } from '../../../ui/chart-card.tsx';
import { humanize } from '../../../ui/format.ts';
import { type LoopReport, useLoopReport } from '../api.ts';
import { heat, pct } from '../format.ts';

export function SaveRateCard() {
  const report = useLoopReport();
  return (
    <ChartCard
      title="Save rate by root cause and playbook"
      description="Share of resolved cases that were saved, in the last 365 days."
      query={report}
      thing="loop report"
      isEmpty={(d) => d.rows.length === 0}
      empty="No data yet: save rates appear once cases are resolved."
      chart={(d) => <SaveRateMatrix d={d} />}
      numbers={(d) => <SaveRateNumbers d={d} />}
    />
  );
}

function SaveRateMatrix({ d }: { d: LoopReport }) {
  const causes = [...new Set(d.rows.map((r) => r.rootCause))];
  const playbooks = [...new Set(d.rows.map((r) => r.playbook))];
  const cell = (c: string, p: string) => d.rows.find((r) => r.rootCause === c && r.playbook === p);
  return (
    <Table.ScrollContainer minWidth={360}>
      <Table withTableBorder withColumnBorders fz="sm" aria-label="Save rate by root cause and playbook">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Root cause</Table.Th>
            {playbooks.map((p) => (
              <Table.Th key={p} ta="center">
                {humanize(p)}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {causes.map((c) => (
            <Table.Tr key={c}>
              <Table.Th scope="row" fw={500}>
                {humanize(c)}
              </Table.Th>
              {playbooks.map((p) => {
                const r = cell(c, p);
                return (
                  <Table.Td
                    key={p}
                    ta="center"
                    style={r && r.saveRate !== null ? heat(r.saveRate) : undefined}
                  >
                    {r ? `${pct(r.saveRate)} · ${r.cases}` : ''}
                  </Table.Td>
                );
              })}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Text size="xs" c="dimmed" mt={4}>
        Each cell: save rate · cases. Darker is better.
      </Text>
    </Table.ScrollContainer>
  );
}

function SaveRateNumbers({ d }: { d: LoopReport }) {
  return (
    <NumbersTable
      label="Save rate numbers"
      head={[
        'Root cause',
        'Playbook',
        'Cases',
        'Save rate',
        'SLA met',
        'Median first contact',
        'Retained 90 days',
      ]}
      rows={d.rows.map((r) => ({
        key: `${r.rootCause}|${r.playbook}`,
        cells: [
          humanize(r.rootCause),
          humanize(r.playbook),
          r.cases,
          pct(r.saveRate),
          pct(r.sla.compliance),
          r.firstContact.medianMinutes === null ? '–' : `${Math.round(r.firstContact.medianMinutes)} min`,
          pct(r.after90d.retentionRate),
        ],
      }))}
    />
  );
}

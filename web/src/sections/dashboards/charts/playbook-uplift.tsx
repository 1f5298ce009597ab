import { List, Stack, Text } from '@mantine/core';
import { ChartCard, NumbersTable } from '../../../ui/chart-card.tsx';
import { type LoopReport, useLoopReport } from '../api.ts';
import { pct } from '../format.ts';

type Uplift = LoopReport['upliftByPlaybook'][number];
const metric = (u: Uplift, name: string, days: number) =>
  u.metrics.find((m) => m.metric === name && m.days === days);

/** Each playbook with a holdout against the customers it left alone, in words. */
export function PlaybookUpliftCard() {
  const report = useLoopReport();
  return (
    <ChartCard
      title="Playbook uplift against holdouts"
      description="Customers whose cases got the playbook’s steps against those held out at random."
      query={report}
      thing="loop report"
      isEmpty={(d) => d.upliftByPlaybook.length === 0}
      empty="No playbook has a holdout yet: set one in a playbook’s editor to measure what it changes."
      chart={(d) => <UpliftWords d={d} />}
      numbers={(d) => <UpliftNumbers d={d} />}
    />
  );
}

function UpliftWords({ d }: { d: LoopReport }) {
  return (
    <Stack gap="sm">
      {d.upliftByPlaybook.map((u) => (
        <div key={u.program.id}>
          <Text fw={600} size="sm">
            {u.program.name}{' '}
            <Text span c="dimmed" size="xs">
              (holdout {pct(u.program.holdoutShare)})
            </Text>
          </Text>
          <List size="sm" spacing={2}>
            {[metric(u, 'retention', 90), metric(u, 'revenue', 90)].map(
              (m) => m && <List.Item key={`${m.metric}${m.days}`}>{m.summary}</List.Item>,
            )}
          </List>
        </div>
      ))}
    </Stack>
  );
}

function UpliftNumbers({ d }: { d: LoopReport }) {
  return (
    <NumbersTable
      label="Playbook uplift numbers"
      head={[
        'Playbook',
        'Metric',
        'Treated',
        'Held out',
        'Difference',
        '95% interval',
        'p',
        'CUPED interval',
      ]}
      rows={d.upliftByPlaybook.flatMap((u) =>
        u.metrics.map((m) => {
          const f = (x: number | null | undefined) =>
            x === null || x === undefined ? '–' : m.unit === 'share' ? pct(x, 1) : (x / 100).toFixed(2);
          return {
            key: `${u.program.id}|${m.metric}|${m.days}`,
            cells: [
              u.program.name,
              `${m.metric} ${m.days} d`,
              `${f(m.treated.value)} (${m.treated.customers})`,
              `${f(m.heldOut.value)} (${m.heldOut.customers})`,
              f(m.difference?.difference),
              m.difference ? `${f(m.difference.low)} to ${f(m.difference.high)}` : '–',
              m.difference ? m.difference.pValue.toFixed(3) : '–',
              m.cuped ? `${f(m.cuped.low)} to ${f(m.cuped.high)}` : '–',
            ],
          };
        }),
      )}
    />
  );
}

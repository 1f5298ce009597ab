import { Stack, Text } from '@mantine/core';
import type { Case } from '../../../api/types.ts';
import { ChartCard, NumbersTable } from '../../../ui/chart-card.tsx';
import { dueAt } from '../../my-work/api.ts';
import { useOpenCases } from '../api.ts';
import { Bar } from '../bar.tsx';
import { pct } from '../format.ts';

type SlaState = { key: string; label: string; color: string; count: number };

export function SlaStatesCard() {
  const cases = useOpenCases();
  return (
    <ChartCard
      title="Open cases by SLA state"
      description="Open and snoozed cases, by how they stand against their deadline."
      query={cases}
      thing="cases"
      isEmpty={(d) => d.cases.length === 0}
      empty="No data yet: there are no open cases."
      chart={(d) => <SlaChart states={slaStates(d.cases)} more={d.more} />}
      numbers={(d) => <SlaNumbers states={slaStates(d.cases)} />}
    />
  );
}

function slaStates(cases: Case[], now = Date.now()): SlaState[] {
  const soon = now + 24 * 3_600_000;
  const counts = { overdue: 0, soon: 0, onTrack: 0, snoozed: 0, none: 0 };
  for (const c of cases) {
    const due = dueAt(c);
    if (c.overdue) counts.overdue++;
    else if (c.status === 'snoozed') counts.snoozed++;
    else if (!due) counts.none++;
    else if (Date.parse(due) <= soon) counts.soon++;
    else counts.onTrack++;
  }
  return [
    { key: 'overdue', label: 'Overdue', color: 'var(--mantine-color-red-7)', count: counts.overdue },
    { key: 'soon', label: 'Due within 24 hours', color: 'var(--mantine-color-orange-7)', count: counts.soon },
    { key: 'on-track', label: 'On track', color: 'var(--mantine-color-green-8)', count: counts.onTrack },
    { key: 'snoozed', label: 'Snoozed', color: 'var(--mantine-color-gray-6)', count: counts.snoozed },
    { key: 'none', label: 'No deadline', color: 'var(--mantine-color-gray-5)', count: counts.none },
  ];
}

function SlaChart({ states, more }: { states: SlaState[]; more: boolean }) {
  const total = states.reduce((s, x) => s + x.count, 0);
  const max = Math.max(...states.map((s) => s.count));
  return (
    <Stack gap={4}>
      <Stack gap={8} component="ul" p={0} m={0} aria-label="Open cases by SLA state">
        {states.map((s) => (
          <li style={{ listStyle: 'none' }} key={s.key}>
            <Bar
              label={s.label}
              value={s.count}
              max={max}
              color={s.color}
              note={`${s.count} · ${pct(s.count / total)}`}
            />
          </li>
        ))}
      </Stack>
      <Text size="xs" c="dimmed">
        {total} open cases{more ? ' (the first 200; there are more)' : ''}.
      </Text>
    </Stack>
  );
}

function SlaNumbers({ states }: { states: SlaState[] }) {
  const total = states.reduce((s, x) => s + x.count, 0);
  return (
    <NumbersTable
      label="Open cases by SLA state"
      head={['SLA state', 'Cases', 'Share']}
      rows={states.map((s) => ({ key: s.key, cells: [s.label, s.count, pct(s.count / total)] }))}
    />
  );
}

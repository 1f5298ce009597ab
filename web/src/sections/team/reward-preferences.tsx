import { Button, Chip, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { ErrorPanel } from '../../ui/error-panel.tsx';
import {
  type RewardSummary,
  type StaffChoice,
  useMyRewardPreference,
  useRewardOptions,
  useRewardSummary,
  useSetMyRewardPreference,
} from './api.ts';

/** "Which recognition do you value?": up to three, in the order ticked. */
export function MyRewardPreference() {
  const options = useRewardOptions();
  const mine = useMyRewardPreference();
  const save = useSetMyRewardPreference();
  const [choices, setChoices] = useState<StaffChoice[]>([]);
  useEffect(() => {
    if (mine.data) setChoices(mine.data.choices as StaffChoice[]);
  }, [mine.data]);
  const toggle = (id: StaffChoice) =>
    setChoices((cs) => (cs.includes(id) ? cs.filter((c) => c !== id) : cs.length < 3 ? [...cs, id] : cs));
  return (
    <Paper withBorder p="md" component="section" aria-label="My recognition preference">
      <Stack gap="sm">
        <Title order={2} size="h4">
          Which recognition do you value?
        </Title>
        <Text size="sm" c="dimmed">
          Pick up to three, most valued first. Managers see only counts, for groups of 5 or more.
        </Text>
        <Group gap="xs">
          {(options.data?.staff ?? []).map((o) => (
            <Chip
              key={o.id}
              checked={choices.includes(o.id as StaffChoice)}
              onChange={() => toggle(o.id as StaffChoice)}
            >
              {o.label}
            </Chip>
          ))}
        </Group>
        <Group>
          <Button disabled={!choices.length} loading={save.isPending} onClick={() => save.mutate(choices)}>
            Save my answer
          </Button>
          {save.isSuccess && <Text role="status">Saved</Text>}
        </Group>
        {save.isError && <ErrorPanel error={save.error} thing="answer" />}
      </Stack>
    </Paper>
  );
}

function TallyTable({
  label,
  rows,
}: {
  label: string;
  rows: NonNullable<RewardSummary['customers']['options']>;
}) {
  return (
    <Table aria-label={label}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{label}</Table.Th>
          <Table.Th ta="right">Chosen</Table.Th>
          <Table.Th ta="right">As first choice</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((r) => (
          <Table.Tr key={r.choice}>
            <Table.Td>{r.label}</Table.Td>
            <Table.Td ta="right">{r.count}</Table.Td>
            <Table.Td ta="right">{r.first}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** For managers: what staff (from 5 answers per group) and customers value. */
export function RewardSummaryPanel({ teamId }: { teamId: string | null }) {
  const summary = useRewardSummary(true);
  const s = summary.data;
  const team = teamId ? s?.staff.teams.find((t) => t.teamId === teamId) : undefined;
  const staffRows = teamId ? team?.options : s?.staff.options;
  const staffAnswers = teamId ? (team?.answers ?? 0) : (s?.staff.answers ?? 0);
  return (
    <Paper withBorder p="md" component="section" aria-label="Reward preferences">
      <Stack gap="sm">
        <Title order={2} size="h4">
          Reward preferences
        </Title>
        {summary.isError && <ErrorPanel error={summary.error} thing="reward preferences" />}
        {s && (
          <>
            {staffRows ? (
              <TallyTable label={`Staff (${staffAnswers} answers)`} rows={staffRows} />
            ) : (
              <Text size="sm" role="note">
                Staff: {staffAnswers} answers — shown from {s.minGroup} answers on, so no one is singled out.
              </Text>
            )}
            <TallyTable label={`Customers (${s.customers.answers} answers)`} rows={s.customers.options} />
          </>
        )}
      </Stack>
    </Paper>
  );
}

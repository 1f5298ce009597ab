import { Button, Group, Paper, Select, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { describeError } from '../../api/errors.ts';
import { useStaffList } from '../../api/staff.ts';
import { type QueueFilters, useBulkCases, useTeamNames } from './api.ts';

const cases = (n: number) => `${n} case${n === 1 ? '' : 's'}`;

/** The manager's queue filters: team (or none), assignee (or unassigned), SLA state. */
export function QueueFilterBar({
  value,
  onChange,
}: {
  value: QueueFilters;
  onChange: (f: QueueFilters) => void;
}) {
  const teams = useTeamNames();
  const staff = useStaffList();
  return (
    <Group gap="sm" wrap="wrap" role="group" aria-label="Filter cases">
      <Select
        label="Team"
        value={value.team}
        onChange={(v) => onChange({ ...value, team: v ?? 'any' })}
        allowDeselect={false}
        data={[
          { value: 'any', label: 'Any team' },
          { value: 'none', label: 'No team' },
          ...(teams.data ?? []).map((t) => ({ value: t.id, label: t.name })),
        ]}
      />
      <Select
        label="Assignee"
        value={value.assignee}
        onChange={(v) => onChange({ ...value, assignee: v ?? 'any' })}
        allowDeselect={false}
        searchable
        data={[
          { value: 'any', label: 'Anyone' },
          { value: 'unassigned', label: 'Unassigned' },
          ...(staff.data ?? []).map((s) => ({ value: s.id, label: s.name })),
        ]}
      />
      <Select
        label="SLA"
        value={value.sla}
        onChange={(v) => onChange({ ...value, sla: v ?? 'any' })}
        allowDeselect={false}
        data={[
          { value: 'any', label: 'Any' },
          { value: 'breached', label: 'Breached' },
          { value: 'warning', label: 'Warning' },
          { value: 'on-track', label: 'On track' },
        ]}
      />
    </Group>
  );
}

/** Reassign or snooze the selected cases; says how many were done and why any were not. */
export function BulkCaseBar({ selectedIds, onDone }: { selectedIds: string[]; onDone: () => void }) {
  const staff = useStaffList();
  const bulk = useBulkCases();
  const [assignee, setAssignee] = useState<string | null>(null);
  const [until, setUntil] = useState('');
  const [reason, setReason] = useState('');
  const n = selectedIds.length;
  const report = (title: string) => ({
    onSuccess: (r: {
      done: number;
      failed: number;
      results: { ok: boolean; error?: { message: string } }[];
    }) => {
      onDone();
      const why = r.results.find((x) => !x.ok)?.error?.message;
      notifications.show({
        color: r.failed ? 'orange' : 'green',
        title,
        message: `${cases(r.done)} done.${r.failed ? ` ${cases(r.failed)} not: ${why}` : ''}`,
      });
    },
    onError: (err: unknown) =>
      notifications.show({
        color: 'red',
        title: `${title} failed`,
        message: describeError(err, { thing: 'case' }),
      }),
  });
  return (
    <Paper withBorder p="sm" radius="md" component="section" aria-label="Bulk actions">
      <Group align="flex-end" gap="sm" wrap="wrap">
        <Text fw={600} role="status" aria-live="polite" pb={6}>
          {cases(n)} selected
        </Text>
        <Select
          label="Reassign to"
          placeholder="Pick a colleague"
          searchable
          value={assignee}
          onChange={setAssignee}
          data={(staff.data ?? []).filter((s) => s.active).map((s) => ({ value: s.id, label: s.name }))}
        />
        <Button
          disabled={!assignee || n === 0}
          loading={bulk.isPending}
          onClick={() =>
            assignee &&
            bulk.mutate(
              { caseIds: selectedIds, action: { kind: 'reassign', assigneeId: assignee } },
              report('Reassign'),
            )
          }
        >
          Reassign
        </Button>
        <TextInput
          type="datetime-local"
          label="Snooze until"
          value={until}
          onChange={(e) => setUntil(e.currentTarget.value)}
        />
        <TextInput label="Reason" value={reason} onChange={(e) => setReason(e.currentTarget.value)} />
        <Button
          variant="default"
          disabled={!until || !reason.trim() || n === 0}
          loading={bulk.isPending}
          onClick={() =>
            bulk.mutate(
              {
                caseIds: selectedIds,
                action: { kind: 'snooze', until: new Date(until).toISOString(), reason: reason.trim() },
              },
              report('Snooze'),
            )
          }
        >
          Snooze
        </Button>
      </Group>
    </Paper>
  );
}

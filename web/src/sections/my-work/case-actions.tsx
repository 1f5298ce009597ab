import { Button, Group, MultiSelect, Paper, Select, Stack, Textarea, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type FormEvent, type ReactNode, useState } from 'react';
import { describeError } from '../../api/errors.ts';
import { useStaffList } from '../../api/staff.ts';
import { type Outcome, outcomes } from '../../api/types.ts';
import { formatDateTime, humanize } from '../../ui/format.ts';
import { useCaseAction, useRootCauses } from './api.ts';

// What a rep does with a case on its page: comment, resolve, snooze, reassign, reopen.

/** A failed action says so in a notification, in the case's words. */
export const failed = (title: string) => (err: unknown) =>
  notifications.show({ color: 'red', title, message: describeError(err, { thing: 'case' }) });

/** The frame every case action shares: a titled form card, named "<Title> the case" for screen readers. */
function ActionCard({
  title,
  onSubmit,
  children,
}: {
  title: string;
  onSubmit: (e: FormEvent) => void;
  children: ReactNode;
}) {
  return (
    <Paper
      withBorder
      radius="md"
      p="sm"
      component="form"
      onSubmit={onSubmit}
      aria-label={`${title} the case`}
    >
      <Title order={2} size="h4" mb="xs">
        {title}
      </Title>
      <Stack gap="xs">{children}</Stack>
    </Paper>
  );
}

export function CommentBox({ id }: { id: string }) {
  const [body, setBody] = useState('');
  const action = useCaseAction(id);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    action.mutate(
      { kind: 'comment', body: body.trim() },
      { onSuccess: () => setBody(''), onError: failed('The comment was not saved') },
    );
  };
  return (
    <Paper withBorder radius="md" p="sm" component="form" onSubmit={submit}>
      <Textarea
        label="Comment"
        placeholder="What happened, what is next…"
        autosize
        minRows={2}
        value={body}
        onChange={(e) => setBody(e.currentTarget.value)}
      />
      <Group justify="flex-end" mt="xs">
        <Button type="submit" size="sm" loading={action.isPending} disabled={!body.trim()}>
          Add comment
        </Button>
      </Group>
    </Paper>
  );
}

export function ResolveForm({ id }: { id: string }) {
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [causes, setCauses] = useState<string[]>([]);
  const [note, setNote] = useState('');
  const rootCauses = useRootCauses();
  const action = useCaseAction(id);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!outcome) return;
    action.mutate(
      { kind: 'resolve', outcome, rootCauses: causes, note: note.trim() || undefined },
      {
        onSuccess: () => notifications.show({ color: 'green', message: 'Case resolved.' }),
        onError: failed('The case was not resolved'),
      },
    );
  };
  return (
    <ActionCard title="Resolve" onSubmit={submit}>
      <Select
        label="Outcome"
        placeholder="How did it end?"
        data={outcomes.map((o) => ({ value: o, label: humanize(o) }))}
        value={outcome}
        onChange={(v) => setOutcome(outcomes.find((o) => o === v) ?? null)}
        required
      />
      <MultiSelect
        label="Root causes"
        placeholder={causes.length ? undefined : 'Pick from the list'}
        data={(rootCauses.data ?? []).filter((r) => r.active).map((r) => ({ value: r.key, label: r.label }))}
        value={causes}
        onChange={setCauses}
        maxValues={10}
        searchable
        error={rootCauses.isError ? describeError(rootCauses.error) : undefined}
      />
      <Textarea
        label="Note"
        autosize
        minRows={2}
        value={note}
        onChange={(e) => setNote(e.currentTarget.value)}
      />
      <Group justify="flex-end">
        <Button type="submit" color="green" loading={action.isPending} disabled={!outcome}>
          Resolve case
        </Button>
      </Group>
    </ActionCard>
  );
}

/** A local date-time input value ("2026-11-24T09:00") for a time `hours` from now. */
function localInput(hoursFromNow: number): string {
  const d = new Date(Date.now() + hoursFromNow * 3_600_000);
  d.setMinutes(0, 0, 0);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function SnoozeForm({ id }: { id: string }) {
  const [until, setUntil] = useState(() => localInput(24));
  const [reason, setReason] = useState('');
  const action = useCaseAction(id);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const at = new Date(until);
    if (Number.isNaN(at.getTime())) return;
    action.mutate(
      { kind: 'snooze', until: at.toISOString(), reason: reason.trim() },
      {
        onSuccess: () => {
          setReason('');
          notifications.show({
            color: 'green',
            message: `Snoozed until ${formatDateTime(at.toISOString())}.`,
          });
        },
        onError: failed('The case was not snoozed'),
      },
    );
  };
  return (
    <ActionCard title="Snooze" onSubmit={submit}>
      <TextInput
        type="datetime-local"
        label="Until"
        value={until}
        onChange={(e) => setUntil(e.currentTarget.value)}
        required
      />
      <TextInput
        label="Reason"
        placeholder="Waiting for the customer to call back"
        value={reason}
        onChange={(e) => setReason(e.currentTarget.value)}
        required
      />
      <Group justify="flex-end">
        <Button
          type="submit"
          variant="default"
          loading={action.isPending}
          disabled={!reason.trim() || !until}
        >
          Snooze case
        </Button>
      </Group>
    </ActionCard>
  );
}

export function ReassignForm({ id, assigneeId }: { id: string; assigneeId: string | null }) {
  const staff = useStaffList();
  const [to, setTo] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const action = useCaseAction(id);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!to) return;
    const name = staff.data?.find((s) => s.id === to)?.name ?? 'a colleague';
    action.mutate(
      { kind: 'reassign', assigneeId: to, reason: reason.trim() || undefined },
      {
        onSuccess: () => {
          setTo(null);
          setReason('');
          notifications.show({ color: 'green', message: `Handed to ${name}, with its open tasks.` });
        },
        onError: failed('The case was not reassigned'),
      },
    );
  };
  return (
    <ActionCard title="Reassign" onSubmit={submit}>
      <Select
        label="Hand to"
        placeholder="Pick a colleague"
        searchable
        value={to}
        onChange={setTo}
        data={(staff.data ?? [])
          .filter((s) => s.active && s.id !== assigneeId)
          .map((s) => ({ value: s.id, label: s.name }))}
      />
      <TextInput
        label="Reason (optional)"
        value={reason}
        onChange={(e) => setReason(e.currentTarget.value)}
      />
      <Group justify="flex-end">
        <Button type="submit" variant="default" loading={action.isPending} disabled={!to}>
          Reassign case
        </Button>
      </Group>
    </ActionCard>
  );
}

export function ReopenForm({ id }: { id: string }) {
  const [reason, setReason] = useState('');
  const action = useCaseAction(id);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    action.mutate(
      { kind: 'reopen', reason: reason.trim() },
      { onSuccess: () => setReason(''), onError: failed('The case was not reopened') },
    );
  };
  return (
    <ActionCard title="Reopen" onSubmit={submit}>
      <TextInput label="Reason" value={reason} onChange={(e) => setReason(e.currentTarget.value)} required />
      <Group justify="flex-end">
        <Button type="submit" variant="default" loading={action.isPending} disabled={!reason.trim()}>
          Reopen case
        </Button>
      </Group>
    </ActionCard>
  );
}

/** A history entry's details in words: a comment's text, a reason, an outcome… */

import {
  Anchor,
  Badge,
  Button,
  Grid,
  Group,
  Paper,
  Skeleton,
  Stack,
  Text,
  TextInput,
  Timeline,
  Title,
} from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { Link, useParams } from 'wouter';
import { ApiError } from '../../api/client.ts';
import { useStaffById } from '../../api/staff.ts';
import { type CaseDetail, type CaseHistoryEntry, type Outcome, type Task } from '../../api/types.ts';
import { ErrorPanel } from '../../ui/error-panel.tsx';
import { formatDateTime, formatRelative, humanize } from '../../ui/format.ts';
import { IconArrowLeft } from '../../ui/icons.tsx';
import { Page } from '../../ui/page.tsx';
import { UUID } from '../customers/customer-360-page.tsx';
import { SendGift } from '../customers/send-gift.tsx';
import { FlagOpportunity } from '../opportunities/flag-opportunity.tsx';
import { dueAt, useCase, useCompleteTask } from './api.ts';
import { CustomerLink, SeverityBadge } from './bits.tsx';
import { CommentBox, failed, ReassignForm, ReopenForm, ResolveForm, SnoozeForm } from './case-actions.tsx';

export function CasePage() {
  const { id = '' } = useParams<{ id: string }>();
  if (!UUID.test(id)) {
    return (
      <Page title="Case not found">
        <ErrorPanel error={new ApiError(404, 'not_found', 'bad id')} thing="case" title="Case not found" />
      </Page>
    );
  }
  return <CaseView key={id} id={id} />;
}

function CaseView({ id }: { id: string }) {
  const kase = useCase(id);
  if (kase.isPending) {
    return (
      <Stack aria-busy="true" aria-label="Loading case">
        <Skeleton h={36} w="40%" />
        <Skeleton h={300} />
      </Stack>
    );
  }
  if (kase.isError) {
    return (
      <Page title="Case">
        <ErrorPanel error={kase.error} thing="case" onRetry={() => kase.refetch()} />
      </Page>
    );
  }
  const c = kase.data;
  const due = dueAt(c);
  return (
    <Page title={c.title}>
      <Group gap="sm">
        <Anchor component={Link} href="/my-work" size="sm">
          <Group gap={4} component="span">
            <IconArrowLeft size={14} /> My work
          </Group>
        </Anchor>
      </Group>
      <Paper withBorder radius="md" p="sm">
        <Group gap="lg" wrap="wrap">
          <SeverityBadge severity={c.severity} />
          <Badge variant="outline" color={c.status === 'resolved' ? 'green' : 'blue'} size="sm">
            {humanize(c.status)}
          </Badge>
          {c.overdue && (
            <Badge color="red" variant="filled" size="sm">
              Overdue
            </Badge>
          )}
          <Text size="sm">
            Customer: <CustomerLink id={c.customerId} />
          </Text>
          <Text size="sm">Opened {formatDateTime(c.openedAt)}</Text>
          {c.status !== 'resolved' && due && <Text size="sm">Due {formatDateTime(due)}</Text>}
          {c.status === 'snoozed' && <Text size="sm">Snoozed until {formatDateTime(c.snoozedUntil)}</Text>}
          {c.outcome && (
            <Text size="sm">
              Outcome: {humanize(c.outcome)}
              {c.rootCauses.length > 0 && ` (${c.rootCauses.map(humanize).join(', ')})`}
            </Text>
          )}
        </Group>
        {c.alerts.length > 0 && (
          <Stack gap={2} mt="xs">
            {c.alerts.map((a) => (
              <Text size="sm" key={a.id}>
                Red flag: {a.summary}
              </Text>
            ))}
          </Stack>
        )}
      </Paper>
      <Grid>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Stack>
            <Tasks kase={c} />
            <CommentBox id={c.id} />
            <History entries={c.history} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack>
            {c.status === 'resolved' ? (
              <ReopenForm id={c.id} />
            ) : (
              <>
                <ResolveForm id={c.id} />
                <ReassignForm id={c.id} assigneeId={c.assigneeId} />
                <SnoozeForm id={c.id} />
              </>
            )}
            <FlagOpportunity customerId={c.customerId} caseId={c.id} />
            <Paper withBorder radius="md" p="md" component="section" aria-labelledby="gift-heading">
              <Title order={2} size="h5" id="gift-heading" mb="xs">
                A small gift
              </Title>
              <SendGift customerId={c.customerId} from={{ kind: 'case', ref: c.id }} />
            </Paper>
          </Stack>
        </Grid.Col>
      </Grid>
    </Page>
  );
}

function Tasks({ kase }: { kase: CaseDetail }) {
  return (
    <Paper withBorder radius="md" p="sm">
      <Title order={2} size="h4" mb="xs">
        Playbook tasks
      </Title>
      {kase.tasks.length === 0 ? (
        <Text c="dimmed" size="sm">
          No playbook tasks on this case.
        </Text>
      ) : (
        <Stack gap="xs" component="ul" p={0} m={0} aria-label="Playbook tasks">
          {kase.tasks.map((t) => (
            <TaskRow key={t.id} task={t} caseId={kase.id} />
          ))}
        </Stack>
      )}
    </Paper>
  );
}

function TaskRow({ task, caseId }: { task: Task; caseId: string }) {
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState('');
  const complete = useCompleteTask(caseId);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    complete.mutate(
      { taskId: task.id, note: note.trim() },
      {
        onSuccess: () => {
          setOpen(false);
          setNote('');
        },
        onError: failed('The task was not completed'),
      },
    );
  };
  return (
    <li style={{ listStyle: 'none' }}>
      <Group justify="space-between" wrap="nowrap" gap="sm">
        <div>
          <Text size="sm" fw={500} td={task.status === 'cancelled' ? 'line-through' : undefined}>
            {task.title}
          </Text>
          <Text size="xs" c="dimmed">
            {task.status === 'open'
              ? `Due ${formatRelative(task.dueAt)}${task.channel ? ` · by ${humanize(task.channel)}` : ''}`
              : `${humanize(task.status)}${task.completedAt ? ` ${formatDateTime(task.completedAt)}` : ''}`}
          </Text>
          {task.note && (
            <Text size="xs" c="dimmed">
              {task.note}
            </Text>
          )}
        </div>
        {task.status === 'open' && !open && (
          <Button
            size="xs"
            variant="light"
            style={{ flexShrink: 0 }}
            onClick={() => setOpen(true)}
            aria-label={`Complete: ${task.title}`}
          >
            Complete
          </Button>
        )}
        {task.status === 'done' && (
          <Badge color="green" variant="light" size="sm">
            Done
          </Badge>
        )}
      </Group>
      {open && (
        <form onSubmit={submit}>
          <Group align="flex-end" mt="xs" gap="xs">
            <TextInput
              label="What was done"
              value={note}
              onChange={(e) => setNote(e.currentTarget.value)}
              required
              autoFocus
              style={{ flex: 1 }}
              onKeyDown={(e) => {
                if (e.key === 'Escape') setOpen(false);
              }}
            />
            <Button type="submit" size="sm" loading={complete.isPending} disabled={!note.trim()}>
              Save
            </Button>
            <Button variant="default" size="sm" onClick={() => setOpen(false)}>
              Cancel
            </Button>
          </Group>
        </form>
      )}
    </li>
  );
}

function describeDetails(h: CaseHistoryEntry): string {
  const parts: string[] = [];
  for (const key of ['body', 'reason', 'outcome', 'summary', 'note', 'title']) {
    const v = h.details[key];
    if (typeof v === 'string' && v.trim()) parts.push(key === 'outcome' ? humanize(v) : v);
  }
  const causes = h.details.rootCauses;
  if (Array.isArray(causes) && causes.length)
    parts.push(`Root causes: ${causes.filter((x) => typeof x === 'string').join(', ')}`);
  return parts.join(' · ');
}

function History({ entries }: { entries: CaseHistoryEntry[] }) {
  const staffById = useStaffById();
  const newestFirst = [...entries].reverse();
  return (
    <Paper withBorder radius="md" p="sm">
      <Title order={2} size="h4" mb="sm">
        History
      </Title>
      <Timeline bulletSize={12} lineWidth={2} aria-label="Case history, newest first">
        {newestFirst.map((h) => {
          const details = describeDetails(h);
          const who = h.actorId ? (staffById.get(h.actorId)?.name ?? 'Someone') : 'Tenure';
          return (
            <Timeline.Item key={h.id} title={humanize(h.kind)}>
              {details && <Text size="sm">{details}</Text>}
              <Text size="xs" c="dimmed">
                {who} · {formatDateTime(h.at)}
              </Text>
            </Timeline.Item>
          );
        })}
      </Timeline>
    </Paper>
  );
}

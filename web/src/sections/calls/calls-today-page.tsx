import {
  Anchor,
  Badge,
  Button,
  Center,
  Group,
  Loader,
  Modal,
  Paper,
  Select,
  Table,
  Text,
  Textarea,
} from '@mantine/core';
import { useState } from 'react';
import { Link } from 'wouter';
import { useStaffList } from '../../api/staff.ts';
import { useSession } from '../../auth/session.tsx';
import { ErrorPanel } from '../../ui/error-panel.tsx';
import { Page } from '../../ui/page.tsx';
import { type CallItem, useCallsToday, useSkipCall } from './api.ts';

/** "09:00–17:00" in the customer's zone. */
function dueWindow(i: CallItem): string {
  if (!i.dueFrom || !i.dueTo) return 'any time today';
  const f = new Intl.DateTimeFormat('en-GB', { timeZone: i.timeZone, hour: '2-digit', minute: '2-digit' });
  return `${f.format(new Date(i.dueFrom))}–${f.format(new Date(i.dueTo))}`;
}

const CHANNEL = { phone: 'Call', email: 'Email', sms: 'Text', post: 'Letter' } as const;

function Status({ i }: { i: CallItem }) {
  if (i.status === 'done')
    return (
      <Badge color="green" variant="light">
        Done{i.outcome ? `: went ${i.outcome}` : ''}
      </Badge>
    );
  if (i.status === 'skipped')
    return (
      <Badge color="gray" variant="light" title={i.skipReason ?? undefined}>
        Skipped
      </Badge>
    );
  return (
    <Badge color={i.channel === 'phone' ? 'blue' : 'orange'} variant="light">
      {i.channel === 'phone' ? 'To call' : `${CHANNEL[i.channel ?? 'email']} instead`}
    </Badge>
  );
}

function SkipButton({ i }: { i: CallItem }) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const skip = useSkipCall();
  return (
    <>
      <Button
        size="xs"
        variant="subtle"
        onClick={() => setOpen(true)}
        aria-label={`Skip ${i.customerName ?? 'customer'}`}
      >
        Skip
      </Button>
      <Modal
        opened={open}
        onClose={() => setOpen(false)}
        title={`Skip ${i.customerName ?? 'this customer'} today`}
      >
        <Textarea
          label="Why"
          value={reason}
          maxLength={500}
          onChange={(e) => setReason(e.currentTarget.value)}
          data-autofocus
        />
        {skip.isError && <ErrorPanel error={skip.error} thing="skip" />}
        <Group justify="flex-end" mt="md">
          <Button
            disabled={!reason.trim()}
            loading={skip.isPending}
            onClick={() =>
              skip.mutate({ id: i.id, reason: reason.trim() }, { onSuccess: () => setOpen(false) })
            }
          >
            Skip
          </Button>
        </Group>
      </Modal>
    </>
  );
}

const Row = ({ i, n }: { i: CallItem; n: number }) => (
  <Table.Tr aria-label={i.customerName ?? i.customerId}>
    <Table.Td>{n}</Table.Td>
    <Table.Td>
      <Anchor component={Link} href={`/customers/${i.customerId}`}>
        {i.customerName ?? 'Unnamed customer'}
      </Anchor>
      <Text size="xs" c="dimmed">
        {i.channel === 'phone' ? i.phone : i.channel === 'email' ? i.email : ''}
      </Text>
    </Table.Td>
    <Table.Td>
      {i.localTimeNow}
      <Text size="xs" c="dimmed">
        {i.timeZone}
      </Text>
    </Table.Td>
    <Table.Td>{dueWindow(i)}</Table.Td>
    <Table.Td>
      <Text size="sm">{i.why}</Text>
      {i.insteadReason && (
        <Text size="sm" c="orange.8">
          {i.insteadReason}
        </Text>
      )}
      {i.skipReason && (
        <Text size="sm" c="dimmed">
          Skipped: {i.skipReason}
        </Text>
      )}
    </Table.Td>
    <Table.Td>
      <Status i={i} />
    </Table.Td>
    <Table.Td>{i.status === 'open' && <SkipButton i={i} />}</Table.Td>
  </Table.Tr>
);

/**
 * A rep's check-ins for today, most value at risk first: whom to call (or email, where they
 * refused calls, saying why), their local time and when to reach them. Logging the call in the
 * customer's 360 ticks the item off. Managers can look at any rep's list or the unassigned ones.
 */
export function CallsTodayPage() {
  const me = useSession();
  const lead = me.role === 'admin' || me.role === 'manager';
  const [repId, setRepId] = useState<string | undefined>(undefined);
  const staff = useStaffList();
  const calls = useCallsToday(repId);
  const open = calls.data?.filter((i) => i.status === 'open').length ?? 0;
  return (
    <Page
      title="Calls today"
      actions={
        lead && (
          <Select
            aria-label="Rep"
            placeholder="My calls"
            clearable
            value={repId ?? null}
            onChange={(v) => setRepId(v ?? undefined)}
            data={[
              { value: 'unassigned', label: 'Unassigned' },
              ...(staff.data ?? []).map((s) => ({ value: s.id, label: s.name || s.email })),
            ]}
          />
        )
      }
    >
      <Paper withBorder radius="md" p="sm">
        {calls.isError ? (
          <ErrorPanel error={calls.error} thing="calls" onRetry={() => calls.refetch()} />
        ) : calls.isPending ? (
          <Center p="lg">
            <Loader size="sm" aria-label="Loading calls" />
          </Center>
        ) : calls.data.length === 0 ? (
          <Text c="dimmed" p="md">
            Nothing on today's list. Call lists are built each morning from their segments.
          </Text>
        ) : (
          <>
            <Text size="sm" c="dimmed" mb="xs">
              {open} to do of {calls.data.length}. Log each call in the customer's page; it is ticked off
              here.
            </Text>
            <Table aria-label="Calls today" verticalSpacing="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>#</Table.Th>
                  <Table.Th>Customer</Table.Th>
                  <Table.Th>Their time</Table.Th>
                  <Table.Th>When</Table.Th>
                  <Table.Th>Why</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {calls.data.map((i, n) => (
                  <Row key={i.id} i={i} n={n + 1} />
                ))}
              </Table.Tbody>
            </Table>
          </>
        )}
      </Paper>
    </Page>
  );
}

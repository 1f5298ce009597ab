import {
  Badge,
  Button,
  Group,
  Menu,
  Paper,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  UnstyledButton,
} from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { describeError } from '../../api/errors.ts';
import { formatDateTime, formatRelative } from '../../ui/format.ts';
import {
  type Consent,
  type ConsentCell,
  type ConsentChange,
  useConsent,
  useRefusals,
  useSetConsent,
} from './consent-api.ts';

type State = ConsentCell['state'];
type Channel = ConsentCell['channel'];
type Purpose = ConsentCell['purpose'];

const channelLabel: Record<Channel, string> = {
  email: 'Email',
  phone: 'Phone',
  sms: 'SMS',
  post: 'Post',
  'in-app': 'In-app',
};
/** What a refused channel means in a rep's words ("no phone calls"). */
const channelNoun: Record<Channel, string> = {
  email: 'email',
  phone: 'phone calls',
  sms: 'text messages',
  post: 'letters',
  'in-app': 'in-app messages',
};
const purposeLabel: Record<Purpose, string> = {
  service: 'Service',
  survey: 'Surveys',
  marketing: 'News and offers',
};
const stateLook: Record<State, { label: string; color: string; variant: 'filled' | 'light' | 'outline' }> = {
  granted: { label: 'Granted', color: 'green', variant: 'light' },
  refused: { label: 'Refused', color: 'red', variant: 'filled' },
  unknown: { label: 'Unknown', color: 'gray', variant: 'outline' },
};
const STATES: State[] = ['granted', 'refused', 'unknown'];
const SOURCE = 'told a rep';

function cellTitle(c: ConsentCell): string {
  if (!c.updatedAt) return 'Nothing recorded';
  const who =
    c.recordedBy === 'customer'
      ? 'by the customer'
      : c.recordedBy === 'staff'
        ? 'by staff'
        : `by ${c.recordedBy}`;
  return `${stateLook[c.state].label} ${who} (${c.source}), ${formatDateTime(c.updatedAt)}${c.note ? `: ${c.note}` : ''}`;
}

/** One cell: its state at a glance; a click offers the other states. */
function CellMenu({ cell, onSet }: { cell: ConsentCell; onSet: (s: State) => void }) {
  const look = stateLook[cell.state];
  return (
    <Menu position="bottom" withinPortal>
      <Menu.Target>
        <UnstyledButton
          aria-label={`${channelLabel[cell.channel]}, ${purposeLabel[cell.purpose]}: ${look.label}`}
          title={cellTitle(cell)}
        >
          <Badge
            color={look.color}
            variant={look.variant}
            tt="none"
            size="sm"
            px={6}
            style={{ cursor: 'pointer' }}
          >
            {look.label}
          </Badge>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        {STATES.filter((s) => s !== cell.state).map((s) => (
          <Menu.Item key={s} onClick={() => onSet(s)}>
            {s === 'granted' ? 'Grant' : s === 'refused' ? 'Refuse' : 'Reset to unknown'}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}

function QuietHours({
  consent,
  onSave,
  pending,
}: {
  consent: Consent;
  onSave: (q: { from: string; to: string } | null) => void;
  pending: boolean;
}) {
  const q = consent.hours.quietHours;
  const [editing, setEditing] = useState(false);
  const [from, setFrom] = useState(q?.from ?? '21:00');
  const [to, setTo] = useState(q?.to ?? '08:00');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSave({ from, to });
    setEditing(false);
  };
  if (!editing)
    return (
      <Group justify="space-between" gap="xs" wrap="nowrap">
        <Text size="sm">
          <strong>Quiet hours:</strong>{' '}
          {q ? `no calls or texts ${q.from}–${q.to} (${consent.hours.effectiveTimeZone})` : 'none set'}
        </Text>
        <Button
          size="compact-xs"
          variant="subtle"
          onClick={() => {
            setFrom(q?.from ?? '21:00');
            setTo(q?.to ?? '08:00');
            setEditing(true);
          }}
        >
          {q ? 'Change' : 'Set quiet hours'}
        </Button>
      </Group>
    );
  return (
    <form onSubmit={submit} aria-label="Quiet hours">
      <Group gap="xs" align="flex-end">
        <TextInput
          type="time"
          label="From"
          size="xs"
          value={from}
          onChange={(e) => setFrom(e.currentTarget.value)}
          required
        />
        <TextInput
          type="time"
          label="To"
          size="xs"
          value={to}
          onChange={(e) => setTo(e.currentTarget.value)}
          required
        />
        <Button type="submit" size="xs" loading={pending}>
          Save
        </Button>
        {q && (
          <Button
            size="xs"
            variant="default"
            onClick={() => {
              onSave(null);
              setEditing(false);
            }}
          >
            Remove
          </Button>
        )}
        <Button size="xs" variant="subtle" onClick={() => setEditing(false)}>
          Cancel
        </Button>
      </Group>
      <Text size="xs" c="dimmed" mt={4}>
        In the customer’s time zone ({consent.hours.effectiveTimeZone}); may run past midnight.
      </Text>
    </form>
  );
}

/**
 * Consent at a glance in the 360: channel × purpose, each cell granted, refused or unknown. "No
 * phone calls" is two clicks: the channel's menu, then Refuse (every purpose at once).
 */
export function ConsentPanel({ customerId }: { customerId: string }) {
  const consent = useConsent(customerId);
  const refusals = useRefusals(customerId);
  const set = useSetConsent(customerId);
  const save = (cells: ConsentChange[]) => set.mutate({ cells, source: SOURCE });
  if (consent.isPending) return null;
  if (consent.isError)
    return (
      <Paper withBorder radius="md" p="md" component="section" aria-labelledby="consent-heading">
        <Title order={2} size="h4" id="consent-heading">
          Consent
        </Title>
        <Text size="sm" c="red.9" role="alert">
          {describeError(consent.error)}
        </Text>
      </Paper>
    );
  const c = consent.data;
  const channels = [...new Set(c.cells.map((x) => x.channel))];
  const purposes = [...new Set(c.cells.map((x) => x.purpose))];
  const cellOf = (ch: Channel, p: Purpose) =>
    c.cells.find((x) => x.channel === ch && x.purpose === p) as ConsentCell;
  const refusedChannels = channels.filter((ch) => purposes.every((p) => cellOf(ch, p).state === 'refused'));
  const whole = (ch: Channel, state: State) =>
    save(purposes.map((p) => ({ channel: ch, purpose: p, state })));
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="consent-heading">
      <Stack gap="xs">
        <Title order={2} size="h4" id="consent-heading">
          Consent
        </Title>
        <Text size="sm" aria-label="Consent summary">
          {refusedChannels.length
            ? `No ${refusedChannels.map((ch) => channelNoun[ch]).join(', no ')}.`
            : 'No channel refused.'}
        </Text>
        <Table
          withRowBorders={false}
          verticalSpacing={4}
          horizontalSpacing={6}
          aria-label="Consent by channel and purpose"
        >
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Channel</Table.Th>
              {purposes.map((p) => (
                <Table.Th key={p}>{purposeLabel[p]}</Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {channels.map((ch) => (
              <Table.Tr key={ch}>
                <Table.Td>
                  <Menu position="bottom-start" withinPortal>
                    <Menu.Target>
                      <Button
                        variant="subtle"
                        size="compact-sm"
                        aria-label={`${channelLabel[ch]}: change for all purposes`}
                      >
                        {channelLabel[ch]}
                      </Button>
                    </Menu.Target>
                    <Menu.Dropdown>
                      <Menu.Label>All purposes by {channelNoun[ch]}</Menu.Label>
                      <Menu.Item color="red" onClick={() => whole(ch, 'refused')}>
                        Refuse
                      </Menu.Item>
                      <Menu.Item onClick={() => whole(ch, 'granted')}>Grant</Menu.Item>
                      <Menu.Item onClick={() => whole(ch, 'unknown')}>Reset to unknown</Menu.Item>
                    </Menu.Dropdown>
                  </Menu>
                </Table.Td>
                {purposes.map((p) => (
                  <Table.Td key={p}>
                    <CellMenu
                      cell={cellOf(ch, p)}
                      onSet={(state) => save([{ channel: ch, purpose: p, state }])}
                    />
                  </Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {set.error && (
          <Text size="sm" c="red.9" role="alert">
            {describeError(set.error)}
          </Text>
        )}
        <QuietHours
          consent={c}
          pending={set.isPending}
          onSave={(quietHours) => set.mutate({ quietHours, source: SOURCE })}
        />
        {refusals.data && refusals.data.length > 0 && (
          <div>
            <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
              Not contacted
            </Text>
            <Stack
              gap={2}
              component="ul"
              style={{ listStyle: 'none', padding: 0, margin: 0 }}
              aria-label="Contacts refused"
            >
              {refusals.data.map((r) => (
                <li key={r.id}>
                  <Text size="sm">
                    {r.purpose} by {r.channel}: {r.reason} · {formatRelative(r.at)}
                  </Text>
                </li>
              ))}
            </Stack>
          </div>
        )}
      </Stack>
    </Paper>
  );
}

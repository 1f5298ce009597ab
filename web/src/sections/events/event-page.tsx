import {
  Badge,
  Button,
  Center,
  Group,
  Loader,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { Link, useParams } from 'wouter';
import { hasRole, useSession } from '../../auth/session.tsx';
import { ErrorPanel } from '../../ui/error-panel.tsx';
import { Page } from '../../ui/page.tsx';
import { useSegments } from '../segments/api.ts';
import {
  type CustomerEvent,
  STATE_LABELS,
  useAttendees,
  useEvent,
  useEventReport,
  useInvite,
  useUpdateEvent,
} from './api.ts';

// Null until the window has passed for someone: said in words, not a dash.
const pct = (v: number | null) => (v === null ? 'not yet' : `${Math.round(v * 100)}%`);

function Manage({ e }: { e: CustomerEvent }) {
  const update = useUpdateEvent(e.id);
  const invite = useInvite(e.id);
  const segments = useSegments();
  const [segmentId, setSegmentId] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  return (
    <Paper withBorder radius="md" p="md">
      <Stack>
        <Group>
          {e.status !== 'open' && e.status !== 'cancelled' && (
            <Button onClick={() => update.mutate({ status: 'open' })}>Open for answers</Button>
          )}
          {e.status === 'open' && (
            <Button variant="default" onClick={() => update.mutate({ status: 'closed' })}>
              Close answers
            </Button>
          )}
          {e.status !== 'cancelled' && !confirming && (
            <Button color="red" variant="light" onClick={() => setConfirming(true)}>
              Cancel event
            </Button>
          )}
          {confirming && (
            <>
              <Text>Cancelling is final: nobody can answer or check in any more.</Text>
              <Button
                color="red"
                onClick={() =>
                  update.mutate({ status: 'cancelled' }, { onSettled: () => setConfirming(false) })
                }
              >
                Yes, cancel the event
              </Button>
              <Button variant="default" onClick={() => setConfirming(false)}>
                Keep it
              </Button>
            </>
          )}
        </Group>
        {update.isError && <ErrorPanel error={update.error} thing="event" title="Not changed" />}
        {e.status === 'open' && (
          <Group align="end">
            <Select
              label="Invite a segment"
              data={(segments.data ?? []).map((s) => ({ value: s.id, label: s.name }))}
              value={segmentId}
              onChange={setSegmentId}
            />
            <Button
              disabled={!segmentId}
              loading={invite.isPending}
              onClick={() => segmentId && invite.mutate(segmentId)}
            >
              Send invitations
            </Button>
          </Group>
        )}
        {invite.data && (
          <Text role="status">
            Invited {invite.data.invited}, held out {invite.data.heldOut}
            {invite.data.alreadyInvited ? `, ${invite.data.alreadyInvited} already invited` : ''}.
          </Text>
        )}
        {invite.isError && <ErrorPanel error={invite.error} thing="invitation" title="Not invited" />}
      </Stack>
    </Paper>
  );
}

function Report({ id }: { id: string }) {
  const report = useEventReport(id, true);
  if (!report.data) return null;
  const { counts: c, retention: r } = report.data;
  const rows: [string, string | number][] = [
    ['Invited', c.invited],
    ['Held out', c.heldOut],
    ['Emails sent', c.sent],
    ['Not sent (consent, budget, no address)', c.skipped],
    ['Coming', c.rsvpYes],
    ['Not coming', c.rsvpNo],
    ['Waitlist', c.waitlisted],
    ['Attended', c.attended],
    ['Attendees still active after 90 days', pct(r.attendees.active90)],
    ['Invitees still active after 90 days', pct(r.invitees.active90)],
    ['Held out still active after 90 days', pct(r.heldOut.active90)],
  ];
  return (
    <Paper withBorder radius="md" p="md">
      <Title order={3}>Report</Title>
      <Table aria-label="Report">
        <Table.Tbody>
          {rows.map(([k, v]) => (
            <Table.Tr key={k}>
              <Table.Td>{k}</Table.Td>
              <Table.Td ta="right">{v}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Paper>
  );
}

/** One event: details, status, invitations, the answers so far and the report. */
export function EventPage() {
  const { id = '' } = useParams<{ id: string }>();
  const event = useEvent(id);
  const attendees = useAttendees(id, '');
  const manages = hasRole(useSession(), ['admin', 'manager']);
  if (event.isError) return <ErrorPanel error={event.error} thing="event" onRetry={() => event.refetch()} />;
  if (!event.data)
    return (
      <Center p="lg">
        <Loader size="sm" aria-label="Loading event" />
      </Center>
    );
  const e = event.data;
  return (
    <Page
      title={`Event: ${e.title}`}
      actions={
        <Button component={Link} href={`/events/${e.id}/check-in`} variant="default">
          Check-in
        </Button>
      }
    >
      <Stack>
        <Paper withBorder radius="md" p="md">
          <Group>
            <Badge variant="light">{e.status}</Badge>
            <Text>
              {new Date(e.startsAt).toLocaleString('en-GB', { timeZone: e.timeZone })} ({e.timeZone}) ·{' '}
              {[e.place, e.onlineUrl].filter(Boolean).join(' / ')} · {e.capacity} seats · {e.points} points
            </Text>
          </Group>
          {e.description && <Text mt="sm">{e.description}</Text>}
        </Paper>
        {manages && <Manage e={e} />}
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          <Paper withBorder radius="md" p="md">
            <Title order={3}>Answers</Title>
            <Table aria-label="Answers">
              <Table.Tbody>
                {(attendees.data ?? []).map((a) => (
                  <Table.Tr key={a.customerId}>
                    <Table.Td>
                      <Link href={`/customers/${a.customerId}`}>{a.name ?? a.customerId}</Link>
                    </Table.Td>
                    <Table.Td>{STATE_LABELS[a.state]}</Table.Td>
                    <Table.Td>{a.checkedInAt ? 'Checked in' : ''}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Paper>
          {manages && <Report id={e.id} />}
        </SimpleGrid>
      </Stack>
    </Page>
  );
}

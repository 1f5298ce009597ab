import { Anchor, Badge, Button, Center, Loader, Paper, Table, Text } from '@mantine/core';
import { Link } from 'wouter';
import { hasRole, useSession } from '../../auth/session.tsx';
import { ErrorPanel } from '../../ui/error-panel.tsx';
import { Page } from '../../ui/page.tsx';
import { useEvents } from './api.ts';

/** Every event, latest first. */
export function EventsPage() {
  const events = useEvents();
  const manages = hasRole(useSession(), ['admin', 'manager']);
  return (
    <Page
      title="Events"
      actions={
        manages && (
          <Button component={Link} href="/events/new">
            New event
          </Button>
        )
      }
    >
      <Paper withBorder radius="md" p="sm">
        {events.isError ? (
          <ErrorPanel error={events.error} thing="event" onRetry={() => events.refetch()} />
        ) : events.isPending ? (
          <Center p="lg">
            <Loader size="sm" aria-label="Loading events" />
          </Center>
        ) : events.data.length === 0 ? (
          <Text c="dimmed" p="md">
            No events yet. An event invites a saved segment by email; invitees answer on a page of their own.
          </Text>
        ) : (
          <Table aria-label="Events" highlightOnHover verticalSpacing="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Title</Table.Th>
                <Table.Th>Starts</Table.Th>
                <Table.Th>Status</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {events.data.map((e) => (
                <Table.Tr key={e.id}>
                  <Table.Td>
                    <Anchor component={Link} href={`/events/${e.id}`}>
                      {e.title}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    {new Date(e.startsAt).toLocaleString('en-GB', { timeZone: e.timeZone })}
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="light">{e.status}</Badge>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Paper>
    </Page>
  );
}

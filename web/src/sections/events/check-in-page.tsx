import { Badge, Button, Card, Center, Group, Loader, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { Link, useParams } from 'wouter';
import { ErrorPanel } from '../../ui/error-panel.tsx';
import { Page } from '../../ui/page.tsx';
import { STATE_LABELS, useAttendees, useCheckIn, useEvent } from './api.ts';

/**
 * The door: made for a phone held in one hand. Search a guest by name, tap to check in; a second
 * tap changes nothing (the server keeps the first check-in).
 */
export function CheckInPage() {
  const { id = '' } = useParams<{ id: string }>();
  const event = useEvent(id);
  const [q, setQ] = useState('');
  const attendees = useAttendees(id, q.trim());
  const checkIn = useCheckIn(id);
  return (
    <Page title={`Check-in${event.data ? `: ${event.data.title}` : ''}`}>
      <Stack gap="sm">
        <Text size="sm">
          <Link href={`/events/${id}`}>Back to the event</Link>
        </Text>
        <TextInput
          label="Find a guest"
          placeholder="Name"
          size="lg"
          value={q}
          onChange={(e) => setQ(e.currentTarget.value)}
          maxLength={100}
          autoFocus
        />
        {checkIn.isError && <ErrorPanel error={checkIn.error} thing="check-in" title="Not checked in" />}
        {attendees.isError ? (
          <ErrorPanel error={attendees.error} thing="guest" onRetry={() => attendees.refetch()} />
        ) : attendees.isPending ? (
          <Center p="lg">
            <Loader size="sm" aria-label="Loading guests" />
          </Center>
        ) : attendees.data.length === 0 ? (
          <Text c="dimmed">Nobody invited matches “{q}”.</Text>
        ) : (
          <Stack gap="xs" role="list" aria-label="Guests">
            {attendees.data.map((a) => (
              <Card
                key={a.customerId}
                withBorder
                padding="sm"
                role="listitem"
                aria-label={a.name ?? a.customerId}
              >
                <Group justify="space-between" wrap="nowrap">
                  <Stack gap={2}>
                    <Text fw={600}>{a.name ?? 'Unnamed customer'}</Text>
                    <Badge variant="light" size="sm">
                      {STATE_LABELS[a.state]}
                    </Badge>
                  </Stack>
                  {a.checkedInAt ? (
                    <Text c="green.8" fw={600}>
                      Checked in {new Date(a.checkedInAt).toLocaleTimeString('en-GB', { timeStyle: 'short' })}
                    </Text>
                  ) : (
                    <Button
                      size="md"
                      loading={checkIn.isPending && checkIn.variables === a.customerId}
                      onClick={() => checkIn.mutate(a.customerId)}
                      aria-label={`Check in ${a.name ?? ''}`}
                    >
                      Check in
                    </Button>
                  )}
                </Group>
              </Card>
            ))}
          </Stack>
        )}
      </Stack>
    </Page>
  );
}

import { Button, Group, NumberInput, Paper, Stack, Textarea, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useLocation } from 'wouter';
import { ErrorPanel } from '../../ui/error-panel.tsx';
import { Page } from '../../ui/page.tsx';
import { useCreateEvent } from './api.ts';
import { zonedToIso } from './zoned-time.ts';

/** A new event is saved as a draft; it is opened and invited from its own page. */
export function NewEventPage() {
  const [, navigate] = useLocation();
  const create = useCreateEvent();
  const [f, setF] = useState({
    title: '',
    description: '',
    starts: '',
    ends: '',
    timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    place: '',
    onlineUrl: '',
    capacity: 20,
    points: 0,
    holdout: 10,
  });
  const set = (k: keyof typeof f) => (v: string | number) => setF({ ...f, [k]: v });
  const save = () =>
    create.mutate(
      {
        title: f.title,
        description: f.description,
        // An unreadable time goes as typed: the server names the field that is wrong.
        startsAt: zonedToIso(f.starts, f.timeZone) ?? f.starts,
        endsAt: zonedToIso(f.ends, f.timeZone) ?? f.ends,
        timeZone: f.timeZone,
        place: f.place.trim() || null,
        onlineUrl: f.onlineUrl.trim() || null,
        capacity: f.capacity,
        points: f.points,
        holdoutShare: f.holdout / 100,
      },
      { onSuccess: (e) => navigate(`/events/${e.id}`) },
    );
  const text = (k: keyof typeof f, label: string, max: number, extra: Record<string, unknown> = {}) => (
    <TextInput
      label={label}
      value={String(f[k])}
      onChange={(e) => set(k)(e.currentTarget.value)}
      maxLength={max}
      {...extra}
    />
  );
  return (
    <Page title="New event">
      <Paper withBorder radius="md" p="md">
        <Stack>
          {text('title', 'Title', 200)}
          <Textarea
            label="Description"
            autosize
            minRows={3}
            value={f.description}
            onChange={(e) => set('description')(e.currentTarget.value)}
            maxLength={5000}
          />
          <Group grow>
            {text('starts', 'Starts', 16, { type: 'datetime-local' })}
            {text('ends', 'Ends', 16, { type: 'datetime-local' })}
            {text('timeZone', 'Time zone', 64, { description: 'Times are the local time of the event' })}
          </Group>
          <Group grow>
            {text('place', 'Place', 500)}
            {text('onlineUrl', 'Online link', 2000)}
          </Group>
          <Group grow>
            <NumberInput
              label="Seats"
              min={1}
              max={100000}
              value={f.capacity}
              onChange={(v) => set('capacity')(Number(v))}
            />
            <NumberInput
              label="Points for attending"
              min={0}
              value={f.points}
              onChange={(v) => set('points')(Number(v))}
            />
            <NumberInput
              label="Hold out (%)"
              min={0}
              max={50}
              value={f.holdout}
              onChange={(v) => set('holdout')(Number(v))}
            />
          </Group>
          {create.isError && <ErrorPanel error={create.error} thing="event" title="Not saved" />}
          <Group>
            <Button onClick={save} loading={create.isPending}>
              Save draft
            </Button>
          </Group>
        </Stack>
      </Paper>
    </Page>
  );
}

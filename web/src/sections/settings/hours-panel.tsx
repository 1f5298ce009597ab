import { Badge, Button, Modal, Paper, Radio, Stack, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type FormEvent, useState } from 'react';
import { describeError } from '../../api/errors.ts';
import { ErrorPanel } from '../../ui/error-panel.tsx';
import { localTime } from '../../ui/format.ts';
import { SaveBar } from '../../ui/save-bar.tsx';
import { type StaffHours, type Team, useSetHours, useStaffHours, useTeams } from './api.ts';
import { TimeZoneSelect } from './time-zone-select.tsx';
import { useWeekDraft, WeekField } from './week-draft.tsx';
import { formatComingOn, summarize } from './weekly-hours.tsx';

/** Whose hours apply to someone, in words. */
function hoursLine(h: StaffHours, team: Team | undefined): string {
  if (h.follows === 'own') return summarize(h.intervals);
  if (h.follows === 'team' && team)
    return `Coverage of ${team.name}: ${team.coverage.length ? summarize(team.coverage) : 'around the clock'}`;
  return 'Always available (no hours and no team)';
}

function ShiftBadge({ h }: { h: StaffHours }) {
  if (!h.active) return <Badge color="gray">Deactivated</Badge>;
  if (h.onShift)
    return (
      <Badge variant="light" color="green">
        On shift
      </Badge>
    );
  return (
    <Badge variant="light" color="gray">
      {h.nextOnShiftAt ? `Off until ${formatComingOn(h.nextOnShiftAt)}` : 'Off shift'}
    </Badge>
  );
}

function HoursForm({
  person,
  team,
  onDone,
}: {
  person: StaffHours;
  team: Team | undefined;
  onDone: () => void;
}) {
  const setHours = useSetHours();
  const [timeZone, setTimeZone] = useState(person.timeZone);
  const [own, setOwn] = useState(person.follows === 'own');
  const draft = useWeekDraft(person.intervals, own);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!draft.check()) return;
    setHours.mutate(
      { id: person.staffId, timeZone, intervals: draft.intervals },
      {
        onSuccess: () => {
          notifications.show({ color: 'green', message: `Working hours of ${person.name} saved.` });
          onDone();
        },
      },
    );
  };
  const fallback = team
    ? `The coverage of ${team.name} (${team.coverage.length ? summarize(team.coverage) : 'around the clock'}, ${team.timeZone})`
    : 'Always available: they are in no team';
  return (
    <form onSubmit={submit}>
      <Stack>
        <TimeZoneSelect
          value={timeZone}
          onChange={setTimeZone}
          description={`Their hours are in this time zone${localTime(timeZone) ? `; it is ${localTime(timeZone)} there now` : ''}.`}
        />
        <Radio.Group label="Working hours" value={own ? 'own' : 'team'} onChange={(v) => setOwn(v === 'own')}>
          <Stack gap={6} mt={6}>
            <Radio value="own" label="Their own hours" data-autofocus />
            <Radio value="team" label={fallback} />
          </Stack>
        </Radio.Group>
        <WeekField
          draft={draft}
          emptyMessage={`Switch on at least one day, or let them work ${team ? "the team's coverage" : 'any time'}.`}
        />
        <SaveBar
          error={setHours.error ? describeError(setHours.error, { thing: 'staff member' }) : null}
          pending={setHours.isPending}
          label="Save hours"
          onCancel={onDone}
        />
      </Stack>
    </form>
  );
}

/** Everyone's time zone and weekly hours, and who is on shift right now. */
export function HoursPanel() {
  const hours = useStaffHours();
  const teams = useTeams();
  const [editing, setEditing] = useState<StaffHours | null>(null);
  if (hours.isError) return <ErrorPanel error={hours.error} onRetry={() => hours.refetch()} />;
  const teamById = new Map((teams.data ?? []).map((t) => [t.id, t]));
  return (
    <Stack>
      <Text c="dimmed" size="sm" maw={720}>
        Cases are routed only to people on shift. Hours are wall-clock times in the person's own time zone, so
        09:00 stays 09:00 across daylight-saving changes. Without hours of their own, people work their team's
        coverage.
      </Text>
      <Paper withBorder radius="md">
        <Table.ScrollContainer minWidth={640}>
          <Table verticalSpacing="xs" aria-label="Working hours">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Team</Table.Th>
                <Table.Th>Time zone</Table.Th>
                <Table.Th>Hours</Table.Th>
                <Table.Th>Now</Table.Th>
                <Table.Th>
                  <span className="sr-only">Actions</span>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(hours.data ?? []).map((h) => {
                const team = h.teamId ? teamById.get(h.teamId) : undefined;
                const now = localTime(h.timeZone);
                return (
                  <Table.Tr key={h.staffId} c={h.active ? undefined : 'dimmed'}>
                    <Table.Td fw={600}>{h.name}</Table.Td>
                    <Table.Td>{team?.name ?? '—'}</Table.Td>
                    <Table.Td>
                      {h.timeZone}
                      {now && (
                        <Text span size="xs" c="dimmed">
                          {' '}
                          ({now})
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>{hoursLine(h, team)}</Table.Td>
                    <Table.Td>
                      <ShiftBadge h={h} />
                    </Table.Td>
                    <Table.Td>
                      <Button
                        size="compact-sm"
                        variant="default"
                        aria-label={`Edit hours of ${h.name}`}
                        onClick={() => setEditing(h)}
                      >
                        Edit
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Paper>
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={`Working hours of ${editing?.name ?? ''}`}
        size="lg"
      >
        {editing && (
          <HoursForm
            person={editing}
            team={editing.teamId ? teamById.get(editing.teamId) : undefined}
            onDone={() => setEditing(null)}
          />
        )}
      </Modal>
    </Stack>
  );
}

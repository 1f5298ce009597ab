import {
  Badge,
  Button,
  Group,
  Modal,
  NumberInput,
  Paper,
  Radio,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type FormEvent, useId, useMemo, useState } from 'react';
import { describeError } from '../../api/errors.ts';
import { useStaffList } from '../../api/staff.ts';
import type { Staff } from '../../api/types.ts';
import { ErrorPanel } from '../../ui/error-panel.tsx';
import { humanize, localTime } from '../../ui/format.ts';
import { SaveBar } from '../../ui/save-bar.tsx';
import { type Team, useSaveTeam, useSetCoverage, useSetMembers, useTeams } from './api.ts';
import { TimeZoneSelect } from './time-zone-select.tsx';
import { useWeekDraft, WeekField } from './week-draft.tsx';
import { formatComingOn, summarize } from './weekly-hours.tsx';

const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

function TeamForm({ team, onDone }: { team?: Team; onDone: () => void }) {
  const staff = useStaffList();
  const save = useSaveTeam();
  const [name, setName] = useState(team?.name ?? '');
  const [timeZone, setTimeZone] = useState(team?.timeZone ?? browserZone());
  const [managerId, setManagerId] = useState<string | null>(team?.managerId ?? null);
  const [nameError, setNameError] = useState<string | null>(null);
  const managers = (staff.data ?? [])
    .filter((s) => s.active || s.id === managerId)
    .map((s) => ({ value: s.id, label: `${s.name} (${humanize(s.role)})` }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) return setNameError('Give the team a name, e.g. "Support Europe"');
    save.mutate(
      { id: team?.id, name: name.trim(), timeZone, managerId },
      {
        onSuccess: (t) => {
          notifications.show({
            color: 'green',
            message: team ? `Team "${t.name}" saved.` : `Team "${t.name}" created.`,
          });
          onDone();
        },
      },
    );
  };
  return (
    <form onSubmit={submit}>
      <Stack>
        <TextInput
          label="Name"
          required
          data-autofocus
          value={name}
          error={nameError}
          onChange={(e) => {
            setName(e.currentTarget.value);
            setNameError(null);
          }}
        />
        <TimeZoneSelect value={timeZone} onChange={setTimeZone} />
        <Select
          label="Manager"
          description="Gets a notice when a case waits for the team or breaches its SLA."
          placeholder="No manager"
          searchable
          clearable
          data={managers}
          value={managerId}
          onChange={setManagerId}
        />
        <SaveBar
          error={save.error ? describeError(save.error, { thing: 'team' }) : null}
          pending={save.isPending}
          label={team ? 'Save team' : 'Create team'}
          onCancel={onDone}
        />
      </Stack>
    </form>
  );
}

function CoverageForm({ team, onDone }: { team: Team; onDone: () => void }) {
  const setCoverage = useSetCoverage();
  const [always, setAlways] = useState(team.coverage.length === 0);
  const draft = useWeekDraft(team.coverage, !always);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!draft.check()) return;
    setCoverage.mutate(
      { id: team.id, intervals: draft.intervals },
      {
        onSuccess: () => {
          notifications.show({ color: 'green', message: `Coverage of ${team.name} saved.` });
          onDone();
        },
      },
    );
  };
  return (
    <form onSubmit={submit}>
      <Stack>
        <Text size="sm">
          The hours the team answers, in its time zone ({team.timeZone}). SLA clocks of its cases count only
          these hours, and members without hours of their own work them.
        </Text>
        <Radio.Group
          label="Coverage"
          value={always ? 'always' : 'hours'}
          onChange={(v) => setAlways(v === 'always')}
        >
          <Group mt={6}>
            <Radio value="hours" label="Set hours" />
            <Radio value="always" label="Around the clock" />
          </Group>
        </Radio.Group>
        <WeekField draft={draft} emptyMessage='Switch on at least one day, or choose "Around the clock".' />
        <SaveBar
          error={setCoverage.error ? describeError(setCoverage.error, { thing: 'team' }) : null}
          pending={setCoverage.isPending}
          label="Save coverage"
          onCancel={onDone}
        />
      </Stack>
    </form>
  );
}

function shiftLine(team: Team): string {
  const on = team.members.filter((m) => m.onShift).length;
  if (team.members.length === 0) return 'No members yet';
  if (on > 0) return `${on} of ${team.members.length} on shift now`;
  return team.nextOnShiftAt
    ? `Nobody on shift; next from ${formatComingOn(team.nextOnShiftAt)}`
    : 'Nobody on shift';
}

function Members({ team, staff, teams }: { team: Team; staff: Staff[]; teams: Team[] }) {
  const setMembers = useSetMembers();
  const [adding, setAdding] = useState<string | null>(null);
  const current = team.members.map((m) => ({ staffId: m.staffId, weight: m.weight }));
  const teamOf = new Map(teams.flatMap((t) => t.members.map((m) => [m.staffId, t.name] as const)));
  const candidates = staff
    .filter((s) => s.active && !team.members.some((m) => m.staffId === s.id))
    .map((s) => {
      const other = teamOf.get(s.id);
      return { value: s.id, label: other ? `${s.name} (moves from ${other})` : s.name };
    });
  const save = (members: { staffId: string; weight: number }[], message: string) =>
    setMembers.mutate(
      { id: team.id, members },
      {
        onSuccess: () => notifications.show({ color: 'green', message }),
        onError: (err) =>
          notifications.show({
            color: 'red',
            title: 'Members not saved',
            message: describeError(err, { thing: 'team' }),
          }),
      },
    );
  const nameOf = (id: string) => staff.find((s) => s.id === id)?.name ?? 'Staff member';
  return (
    <Stack gap="xs">
      {team.members.length > 0 && (
        <Table.ScrollContainer minWidth={480}>
          <Table verticalSpacing={4} aria-label={`Members of ${team.name}`}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Member</Table.Th>
                <Table.Th>Share of work</Table.Th>
                <Table.Th>Now</Table.Th>
                <Table.Th>
                  <span className="sr-only">Actions</span>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {team.members.map((m) => (
                <Table.Tr key={m.staffId}>
                  <Table.Td fw={600}>{m.name}</Table.Td>
                  <Table.Td>
                    <NumberInput
                      key={`${m.staffId}:${m.weight}`}
                      size="xs"
                      w={90}
                      aria-label={`Share of work of ${m.name}`}
                      min={0.1}
                      max={10}
                      step={0.5}
                      decimalScale={2}
                      defaultValue={m.weight}
                      onBlur={(e) => {
                        const w = Number(e.currentTarget.value);
                        if (w > 0 && w <= 10 && w !== m.weight)
                          save(
                            current.map((c) => (c.staffId === m.staffId ? { ...c, weight: w } : c)),
                            `${m.name} now takes ${w}× a full share of ${team.name}'s cases.`,
                          );
                      }}
                    />
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={m.onShift ? 'green' : 'gray'}>
                      {m.onShift ? 'On shift' : 'Off shift'}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <Button
                      size="compact-sm"
                      variant="subtle"
                      color="red"
                      aria-label={`Remove ${m.name} from ${team.name}`}
                      disabled={setMembers.isPending}
                      onClick={() =>
                        save(
                          current.filter((c) => c.staffId !== m.staffId),
                          `${m.name} left ${team.name}.`,
                        )
                      }
                    >
                      Remove
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <Group align="flex-end" gap="xs">
        <Select
          label={`Add a member to ${team.name}`}
          placeholder={candidates.length ? 'Pick a staff member' : 'Everyone is in this team'}
          searchable
          data={candidates}
          value={adding}
          onChange={setAdding}
          disabled={candidates.length === 0}
          w={300}
        />
        <Button
          variant="light"
          disabled={!adding}
          loading={setMembers.isPending}
          onClick={() => {
            if (!adding) return;
            save([...current, { staffId: adding, weight: 1 }], `${nameOf(adding)} joined ${team.name}.`);
            setAdding(null);
          }}
        >
          Add member
        </Button>
      </Group>
      <Text size="xs" c="dimmed">
        A person belongs to one team: adding them here moves them out of their current team. Share of work 0.5
        means half the cases of a full member.
      </Text>
    </Stack>
  );
}

function TeamCard({
  team,
  staff,
  teams,
  onEdit,
  onCoverage,
}: {
  team: Team;
  staff: Staff[];
  teams: Team[];
  onEdit: () => void;
  onCoverage: () => void;
}) {
  const headingId = useId();
  const manager = staff.find((s) => s.id === team.managerId);
  const now = localTime(team.timeZone);
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby={headingId}>
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" wrap="wrap" gap="xs">
          <Stack gap={2}>
            <Title order={2} size="h4" id={headingId}>
              {team.name}
            </Title>
            <Text size="sm" c="dimmed">
              {team.timeZone}
              {now ? ` (${now} there now)` : ''} · Manager: {manager?.name ?? 'none'}
            </Text>
          </Stack>
          <Group gap="xs">
            <Button size="xs" variant="default" onClick={onEdit} aria-label={`Edit team ${team.name}`}>
              Edit team
            </Button>
            <Button
              size="xs"
              variant="default"
              onClick={onCoverage}
              aria-label={`Edit coverage of ${team.name}`}
            >
              Edit coverage
            </Button>
          </Group>
        </Group>
        <Group gap="lg" wrap="wrap">
          <Text size="sm">
            <Text span fw={600}>
              Coverage:
            </Text>{' '}
            {team.coverage.length ? summarize(team.coverage) : 'around the clock'}
          </Text>
          <Badge variant="light" color={team.members.some((m) => m.onShift) ? 'green' : 'gray'}>
            {shiftLine(team)}
          </Badge>
        </Group>
        <Members team={team} staff={staff} teams={teams} />
      </Stack>
    </Paper>
  );
}

/** Teams, their coverage hours and members: who cases are routed to, and when their SLA clocks run. */
export function TeamsPanel() {
  const teams = useTeams();
  const staff = useStaffList();
  const [editing, setEditing] = useState<Team | 'new' | null>(null);
  const [coverageOf, setCoverageOf] = useState<Team | null>(null);
  const list = useMemo(() => teams.data ?? [], [teams.data]);
  if (teams.isError) return <ErrorPanel error={teams.error} onRetry={() => teams.refetch()} />;
  if (staff.isError) return <ErrorPanel error={staff.error} onRetry={() => staff.refetch()} />;
  return (
    <Stack>
      <Group justify="space-between" align="flex-start">
        <Text c="dimmed" size="sm" maw={720} style={{ flex: '1 1 320px' }}>
          A new case goes to the customer's owner when on shift, else to an on-shift member of their team,
          else it follows the sun to another team. SLA clocks run in the team's coverage hours.
        </Text>
        <Button onClick={() => setEditing('new')}>Create team</Button>
      </Group>
      {!teams.isPending && list.length === 0 && (
        <Paper withBorder radius="md" p="lg">
          <Text>No teams yet. Create one, add its members and set the hours it covers.</Text>
        </Paper>
      )}
      {list.map((t) => (
        <TeamCard
          key={t.id}
          team={t}
          staff={staff.data ?? []}
          teams={list}
          onEdit={() => setEditing(t)}
          onCoverage={() => setCoverageOf(t)}
        />
      ))}
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing === 'new' ? 'Create a team' : `Edit ${editing?.name ?? 'team'}`}
      >
        {editing !== null && (
          <TeamForm team={editing === 'new' ? undefined : editing} onDone={() => setEditing(null)} />
        )}
      </Modal>
      <Modal
        opened={coverageOf !== null}
        onClose={() => setCoverageOf(null)}
        title={`Coverage of ${coverageOf?.name ?? 'team'}`}
        size="lg"
      >
        {coverageOf && <CoverageForm team={coverageOf} onDone={() => setCoverageOf(null)} />}
      </Modal>
    </Stack>
  );
}

import { Anchor, Button, Group, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useParams } from 'wouter';
import { ErrorPanel } from '../../ui/error-panel.tsx';
import { formatDateTime } from '../../ui/format.ts';
import { Page } from '../../ui/page.tsx';
import { useTeams } from '../settings/api.ts';
import {
  type ResultsFilter,
  useArchivePulse,
  useCloseRound,
  useOpenRound,
  usePulse,
  usePulseResults,
  usePulseTrend,
} from './api.ts';
import { ResultsTable } from './results-table.tsx';
import { TrendTable } from './trend-table.tsx';

/** One pulse: its rounds, the anonymous results with filters and CSV, and the manager's trend. */
export function PulsePage() {
  const { id = '' } = useParams<{ id: string }>();
  const pulse = usePulse(id);
  const [filter, setFilter] = useState<ResultsFilter>({});
  const all = usePulseResults(id, {});
  const results = usePulseResults(id, filter);
  const trend = usePulseTrend(id, 30);
  const teams = useTeams();
  const open = useOpenRound(id);
  const close = useCloseRound(id);
  const archive = useArchivePulse(id);
  const p = pulse.data;
  const query = new URLSearchParams(Object.entries(filter).filter(([, v]) => v) as [string, string][]);
  const set = (k: keyof ResultsFilter) => (v: string | null) => setFilter({ ...filter, [k]: v ?? undefined });
  return (
    <Page
      title={p?.name ?? 'Pulse'}
      heading={p?.name ?? 'Pulse'}
      actions={
        p?.status === 'active' && (
          <Group>
            <Button onClick={() => open.mutate()} loading={open.isPending}>
              Open a round now
            </Button>
            <Button variant="default" onClick={() => archive.mutate()} loading={archive.isPending}>
              Archive
            </Button>
          </Group>
        )
      }
    >
      {pulse.isError && <ErrorPanel error={pulse.error} thing="pulse" />}
      {open.isError && <ErrorPanel error={open.error} thing="round" />}
      {open.data && (
        <Text role="status">
          Round {open.data.number} opened: {open.data.invited} invited by email
        </Text>
      )}
      {close.isError && <ErrorPanel error={close.error} thing="round" />}
      {p && (
        <Text c="dimmed">
          {p.questions.length} questions ·{' '}
          {p.nextRoundAt ? `next round ${formatDateTime(p.nextRoundAt)}` : 'no round scheduled'}
          {p.schedule.repeatEveryDays ? ` · every ${p.schedule.repeatEveryDays} days` : ''} · open{' '}
          {p.schedule.roundOpenDays} days
        </Text>
      )}
      <Title order={2} size="h4">
        Rounds
      </Title>
      <Table withTableBorder aria-label="Rounds">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Round</Table.Th>
            <Table.Th>Opened</Table.Th>
            <Table.Th>Closes</Table.Th>
            <Table.Th ta="right">Invited</Table.Th>
            <Table.Th ta="right">Answered</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(all.data?.rounds ?? []).map((r) => (
            <Table.Tr key={r.id}>
              <Table.Td>{r.number}</Table.Td>
              <Table.Td>{formatDateTime(r.opensAt)}</Table.Td>
              <Table.Td>{formatDateTime(r.closesAt)}</Table.Td>
              <Table.Td ta="right">{r.invited}</Table.Td>
              <Table.Td ta="right">{r.answered}</Table.Td>
              <Table.Td>
                {r.closed ? (
                  'closed'
                ) : (
                  <Button size="xs" variant="light" onClick={() => close.mutate(r.id)}>
                    Close round {r.number}
                  </Button>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Title order={2} size="h4">
        Results
      </Title>
      <Text size="sm" c="dimmed">
        Only closed rounds have results. A group with fewer than 5 answers is hidden, and so is the next
        smallest when the total would otherwise give it away.
      </Text>
      <Group align="flex-end">
        <Select
          label="Round"
          placeholder="All rounds"
          clearable
          value={filter.roundId ?? null}
          onChange={set('roundId')}
          data={(all.data?.rounds ?? []).map((r) => ({ value: r.id, label: `Round ${r.number}` }))}
        />
        <Select
          label="Team filter"
          placeholder="All teams"
          clearable
          value={filter.teamId ?? null}
          onChange={set('teamId')}
          data={(teams.data ?? []).map((t) => ({ value: t.id, label: t.name }))}
        />
        <Select
          label="Question"
          placeholder="All questions"
          clearable
          value={filter.questionId ?? null}
          onChange={set('questionId')}
          data={(p?.questions ?? []).map((q) => ({ value: q.id, label: q.text }))}
        />
        <Anchor href={`/api/v1/people/pulses/${id}/results.csv?${query}`} download>
          Download CSV
        </Anchor>
      </Group>
      {results.isError && <ErrorPanel error={results.error} thing="results" />}
      <Stack gap="lg">
        {(results.data?.rounds ?? [])
          .filter((r) => r.closed)
          .map((r) => (
            <ResultsTable key={r.id} round={r} />
          ))}
      </Stack>
      <Title order={2} size="h4">
        Teams: eNPS beside their customers
      </Title>
      {trend.isError && <ErrorPanel error={trend.error} thing="trend" />}
      {trend.data && <TrendTable trend={trend.data} />}
    </Page>
  );
}

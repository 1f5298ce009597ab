import { Table, Text } from '@mantine/core';
import { formatDate } from '../../ui/format.ts';
import type { GroupResult, RoundResult } from './api.ts';

const HIDDEN = 'hidden (fewer than 5)';

/** One closed round: the total and each team, a hidden group saying so rather than showing a number. */
export function ResultsTable({ round }: { round: RoundResult }) {
  const rows: [string, GroupResult][] = [
    ...(round.total ? [['All teams', round.total] as [string, GroupResult]] : []),
    ...round.teams.map((t) => [t.teamName, t] as [string, GroupResult]),
  ];
  const questions = (round.total ?? round.teams[0])?.questions ?? [];
  if (!rows.length) return <Text c="dimmed">No answers in round {round.number}.</Text>;
  return (
    <Table withTableBorder aria-label={`Results of round ${round.number}`}>
      <Table.Caption>
        Round {round.number}, {formatDate(round.opensAt)} – {formatDate(round.closesAt)}: {round.answered} of{' '}
        {round.invited} answered
      </Table.Caption>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Group</Table.Th>
          <Table.Th ta="right">Answers</Table.Th>
          <Table.Th ta="right">eNPS</Table.Th>
          {questions
            .filter((q) => q.id !== 'enps')
            .map((q) => (
              <Table.Th key={q.id} ta="right">
                {q.text}
              </Table.Th>
            ))}
          <Table.Th>Comment themes</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map(([name, g]) => (
          <Table.Tr key={name}>
            <Table.Td>{name}</Table.Td>
            {g.shown ? (
              <>
                <Table.Td ta="right">{g.n}</Table.Td>
                <Table.Td ta="right">{g.enps}</Table.Td>
                {g.questions
                  .filter((q) => q.id !== 'enps')
                  .map((q) => (
                    <Table.Td key={q.id} ta="right">
                      {q.shown ? q.average : HIDDEN}
                    </Table.Td>
                  ))}
                <Table.Td>{g.themes.map((t) => `${t.slug} (${t.count})`).join(', ') || '—'}</Table.Td>
              </>
            ) : (
              <Table.Td colSpan={3 + g.questions.filter((q) => q.id !== 'enps').length}>
                <Text size="sm" c="dimmed">
                  {HIDDEN}
                </Text>
              </Table.Td>
            )}
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

import { Table, Text } from '@mantine/core';
import { formatDate } from '../../ui/format.ts';
import type { PulseTrend } from './api.ts';

const signed = (x: number | null) => (x === null ? '—' : `${x > 0 ? '+' : ''}${x}`);

/** Each team's eNPS per round beside the CSAT and retention-against-expected of the customers it serves. */
export function TrendTable({ trend }: { trend: PulseTrend }) {
  const rounds = trend.teams[0]?.points ?? [];
  if (!rounds.length) return <Text c="dimmed">No closed rounds yet.</Text>;
  return (
    <Table withTableBorder aria-label="Team trend">
      <Table.Caption>
        eNPS · CSAT (% satisfied) · retention against expected (points), customers over the {trend.days} days
        before each round
      </Table.Caption>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Team</Table.Th>
          {rounds.map((r) => (
            <Table.Th key={r.roundId} ta="right">
              Round {r.number} ({formatDate(r.opensAt)})
            </Table.Th>
          ))}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {trend.teams.map((t) => (
          <Table.Tr key={t.teamId}>
            <Table.Td>{t.teamName}</Table.Td>
            {t.points.map((p) => (
              <Table.Td key={p.roundId} ta="right">
                eNPS {p.enpsShown ? p.enps : 'hidden'} · CSAT {p.csat.value ?? '—'} · retention{' '}
                {signed(p.retention.score)}
              </Table.Td>
            ))}
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

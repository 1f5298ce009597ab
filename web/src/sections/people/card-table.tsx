import { Table, Text } from '@mantine/core';
import type { Card } from './api.ts';

type Row = { label: string; value: (c: Card) => string; count: (c: Card) => string };
const pct = (v: number | null) => (v === null ? '–' : `${v}%`);
const signed = (v: number | null) => (v === null ? '–' : `${v > 0 ? '+' : ''}${v} pts`);

/** The quality numbers first; volume last and only as context. Every number shows its count. */
const rows: Row[] = [
  { label: 'CSAT (4–5 of 5)', value: (c) => pct(c.csat.value), count: (c) => `${c.csat.n} answers` },
  {
    label: 'NPS',
    value: (c) => (c.nps.value === null ? '–' : String(c.nps.value)),
    count: (c) => `${c.nps.n} answers`,
  },
  {
    label: 'First-contact resolution',
    value: (c) => pct(c.firstContactResolution.value),
    count: (c) => `${c.firstContactResolution.n} cases`,
  },
  { label: 'Save rate', value: (c) => pct(c.saveRate.value), count: (c) => `${c.saveRate.n} cases at risk` },
  {
    label: 'Promises kept on time',
    value: (c) => pct(c.promisesKept.value),
    count: (c) => `${c.promisesKept.n} promises`,
  },
  {
    label: 'Retention vs expected',
    value: (c) => signed(c.retention.score),
    count: (c) =>
      `${pct(c.retention.observed)} kept, ${pct(c.retention.expected)} expected, ${c.retention.n} customers`,
  },
  {
    label: 'Revenue retention vs expected',
    value: (c) => signed(c.revenueRetention.score),
    count: (c) =>
      `${pct(c.revenueRetention.observed)} vs ${pct(c.revenueRetention.expected)}, ${c.revenueRetention.n} customers`,
  },
  {
    label: 'Volume (context only)',
    value: (c) => String(c.volume.contacts + c.volume.cases),
    count: (c) => `${c.volume.contacts} answers, ${c.volume.cases} cases, ${c.volume.bookSize} in book`,
  },
];

export function CardTable({ card, previous, caption }: { card: Card; previous: Card; caption: string }) {
  return (
    <Table striped withTableBorder captionSide="top" aria-label={caption}>
      <Table.Caption>{caption}</Table.Caption>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Measure</Table.Th>
          <Table.Th>This period</Table.Th>
          <Table.Th>Behind it</Table.Th>
          <Table.Th>Period before</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((r) => (
          <Table.Tr key={r.label}>
            <Table.Td>{r.label}</Table.Td>
            <Table.Td>
              <Text fw={600}>{r.value(card)}</Text>
            </Table.Td>
            <Table.Td>{r.count(card)}</Table.Td>
            <Table.Td>{r.value(previous)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

import { Paper, Table, Text, Title } from '@mantine/core';
import type { Campaign } from './api.ts';

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const MINUTES_A_DAY = 24 * 60;

export function scheduleInWords(s: NonNullable<Campaign['schedule']>): string {
  const when = s.every === 'month' ? `every month on day ${s.day}` : `every ${WEEKDAYS[s.weekday - 1]}`;
  return `Recurring: ${when} at ${s.at} in each customer’s local time.`;
}

const delayInWords = (m: number) =>
  m === 0
    ? 'at once'
    : m % MINUTES_A_DAY === 0
      ? `${m / MINUTES_A_DAY} day(s) after`
      : m % 60 === 0
        ? `${m / 60} hour(s) after`
        : `${m} minute(s) after`;

export function triggerInWords(t: NonNullable<Campaign['trigger']>): string {
  if (t.on === 'segment') return `Triggered: ${delayInWords(t.delayMinutes)} a customer enters the segment.`;
  const which = t.firstOnly ? `the customer’s first ${t.eventKind}` : `a ${t.eventKind}`;
  return `Triggered: ${delayInWords(t.delayMinutes)} ${which}, once per customer.`;
}

/** Each run (a one-off launch, a recurring occurrence, a trigger's standing run) with its own counts. */
export function Runs({ c }: { c: Campaign }) {
  if (c.runs.length === 0) return null;
  return (
    <Paper withBorder radius="md" p="md">
      <Title order={3}>Runs</Title>
      <Table aria-label="Runs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Run</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th ta="right">Eligible</Table.Th>
            <Table.Th ta="right">Held out</Table.Th>
            <Table.Th ta="right">Sent</Table.Th>
            <Table.Th ta="right">Clicks</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {c.runs.map((r) => (
            <Table.Tr key={r.id}>
              <Table.Td>{r.occurrence}</Table.Td>
              <Table.Td>{r.status}</Table.Td>
              <Table.Td ta="right">{r.results.eligible}</Table.Td>
              <Table.Td ta="right">{r.results.heldOut}</Table.Td>
              <Table.Td ta="right">{r.results.sent}</Table.Td>
              <Table.Td ta="right">{r.results.clicks}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Text size="xs" c="dimmed">
        The results above count all runs together.
      </Text>
    </Paper>
  );
}

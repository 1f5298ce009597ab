import { Badge, Paper, Stack, Table, Text, Title } from '@mantine/core';
import type { WinbackRun, WinbackRuns } from './api.ts';

/** Who a run (or a dry run) contacts, by which channel, who is refused and why, who is held out. */
export function RunItems({ run }: { run: WinbackRun }) {
  const r = run.results;
  return (
    <Paper withBorder radius="md" p="md">
      <Stack>
        <Title order={3}>{run.dryRun ? 'Dry run: nothing was sent' : 'Run started'}</Title>
        <Text size="sm">
          {r.eligible} lapsed customers: {r.pending} to email in their window, {r.contacted} tasks for reps,{' '}
          {r.heldOut} held out, {r.noChannel} with no channel allowed.
        </Text>
        <Table aria-label="Customers in the run">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Customer</Table.Th>
              <Table.Th>Arm</Table.Th>
              <Table.Th>Channel</Table.Th>
              <Table.Th>Why</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {run.items.map((i) => (
              <Table.Tr key={i.customerId}>
                <Table.Td>{i.name ?? i.customerId}</Table.Td>
                <Table.Td>
                  <Badge variant="light" color={i.arm === 'treated' ? 'blue' : 'gray'}>
                    {i.arm === 'treated' ? 'contact' : 'held out'}
                  </Badge>
                </Table.Td>
                <Table.Td>{i.channel ?? 'none'}</Table.Td>
                <Table.Td c={i.reason && i.arm === 'treated' ? 'orange' : undefined}>
                  {i.reason ?? ''}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Stack>
    </Paper>
  );
}

/** Each run's results in both arms, and the play's uplift in words. */
export function RunResults({ runs }: { runs: WinbackRuns }) {
  return (
    <Paper withBorder radius="md" p="md">
      <Stack>
        <Title order={3}>Results</Title>
        <Table aria-label="Win-back runs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Run</Table.Th>
              <Table.Th ta="right">Contacted</Table.Th>
              <Table.Th ta="right">Held out</Table.Th>
              <Table.Th ta="right">Reactivated (contacted / held out)</Table.Th>
              <Table.Th ta="right">Revenue (contacted / held out)</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {runs.data.map((r) => (
              <Table.Tr key={r.id}>
                <Table.Td>
                  {new Date(r.startedAt).toISOString().slice(0, 16).replace('T', ' ')} ({r.trigger})
                </Table.Td>
                <Table.Td ta="right">{r.results.contacted + r.results.pending}</Table.Td>
                <Table.Td ta="right">{r.results.heldOut}</Table.Td>
                <Table.Td ta="right">
                  {r.results.reactivated.treated} / {r.results.reactivated.heldOut}
                </Table.Td>
                <Table.Td ta="right">
                  {(r.results.revenueMinor.treated / 100).toFixed(2)} /{' '}
                  {(r.results.revenueMinor.heldOut / 100).toFixed(2)}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {runs.uplift?.metrics.map((m) => (
          <Text key={m.metric} size="sm" c="dimmed">
            {m.summary}
          </Text>
        ))}
      </Stack>
    </Paper>
  );
}

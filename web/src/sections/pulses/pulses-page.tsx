import { Anchor, Badge, Table, Text } from '@mantine/core';
import { Link } from 'wouter';
import { ErrorPanel } from '../../ui/error-panel.tsx';
import { formatDateTime } from '../../ui/format.ts';
import { Page } from '../../ui/page.tsx';
import { usePulses } from './api.ts';
import { PulseBuilder } from './pulse-builder.tsx';

/** Every pulse with its schedule, and the builder for a new one. */
export function PulsesPage() {
  const pulses = usePulses();
  return (
    <Page title="Pulses" heading="Employee pulses">
      <Text c="dimmed" maw={720}>
        Ask staff how it is going: eNPS and a few questions, anonymously. Results of any group with fewer than
        5 answers are never shown.
      </Text>
      {pulses.isError && <ErrorPanel error={pulses.error} thing="pulses" />}
      <Table withTableBorder aria-label="Pulses">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Pulse</Table.Th>
            <Table.Th>Questions</Table.Th>
            <Table.Th>Next round</Table.Th>
            <Table.Th>Repeats</Table.Th>
            <Table.Th>Status</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(pulses.data ?? []).map((p) => (
            <Table.Tr key={p.id}>
              <Table.Td>
                <Anchor component={Link} href={`/pulses/${p.id}`}>
                  {p.name}
                </Anchor>
              </Table.Td>
              <Table.Td>{p.questions.length}</Table.Td>
              <Table.Td>{p.nextRoundAt ? formatDateTime(p.nextRoundAt) : '—'}</Table.Td>
              <Table.Td>
                {p.schedule.repeatEveryDays ? `every ${p.schedule.repeatEveryDays} days` : 'once'}
              </Table.Td>
              <Table.Td>
                <Badge variant="light" color={p.status === 'active' ? 'green' : 'gray'}>
                  {p.status}
                </Badge>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <PulseBuilder />
    </Page>
  );
}

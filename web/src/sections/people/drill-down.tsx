import { Anchor, Table, Title } from '@mantine/core';
import { Link } from 'wouter';
import type { RepCard } from './api.ts';

/** The customers, answers and cases behind a rep's numbers. */
export function DrillDown({ rep }: { rep: RepCard }) {
  const d = rep.detail;
  if (!d) return null;
  const name = (id: string) => d.customerNames[id] ?? id.slice(0, 8);
  const who = (id: string) => (
    <Anchor component={Link} href={`/customers/${id}`}>
      {name(id)}
    </Anchor>
  );
  const rows = [
    ...d.responses.map((r) => ({
      key: r.id,
      customerId: r.customerId,
      what: `${r.type.toUpperCase()} ${r.score}`,
      at: r.at,
    })),
    ...d.cases.map((c) => ({
      key: c.id,
      customerId: c.customerId,
      what: `Case: ${c.title} (${c.outcome ?? 'no outcome'})`,
      at: c.at,
    })),
    ...d.promises.map((p) => ({
      key: p.id,
      customerId: p.customerId,
      what: `Promise: ${p.title} (${p.keptOnTime ? 'kept' : 'not kept on time'})`,
      at: p.dueAt,
    })),
  ];
  return (
    <>
      <Title order={3} size="h5">
        Behind {rep.name}'s numbers
      </Title>
      <Table withTableBorder aria-label={`Behind ${rep.name}'s numbers`}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Customer</Table.Th>
            <Table.Th>What</Table.Th>
            <Table.Th>When</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r) => (
            <Table.Tr key={r.key}>
              <Table.Td>{who(r.customerId)}</Table.Td>
              <Table.Td>{r.what}</Table.Td>
              <Table.Td>{new Date(r.at).toLocaleDateString()}</Table.Td>
            </Table.Tr>
          ))}
          {d.book.map((b) => (
            <Table.Tr key={`book-${b.customerId}`}>
              <Table.Td>{who(b.customerId)}</Table.Td>
              <Table.Td>
                Book: {b.retained ? 'retained' : 'not retained'}
                {b.expected === null ? ' (not scored)' : `, expected ${Math.round(b.expected * 100)}%`}
              </Table.Td>
              <Table.Td>start of period</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </>
  );
}

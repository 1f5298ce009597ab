import { Anchor, Checkbox, Table } from '@mantine/core';
import { Link } from 'wouter';
import type { Customer } from '../../api/types.ts';
import { formatDate } from '../../ui/format.ts';
import { StatusBadge } from '../../ui/status-badge.tsx';
import type { ListSort, ListSortKey } from './list-params.ts';
import { formatClv, formatPAlive, HealthBadge, LastContact } from './score-cells.tsx';

export const displayName = (c: Customer): string =>
  c.name ?? c.emails[0] ?? c.identities[0]?.externalId ?? 'Unnamed customer';

/** Short values stay on one line; the table scrolls sideways before it squeezes them. */
const nowrap = { whiteSpace: 'nowrap' } as const;

type Selection = {
  selected: ReadonlySet<string>;
  toggle: (id: string) => void;
  toggleAll: () => void;
};

/**
 * The customer list as a table. Sorting is the server's (over all customers, not the rows
 * loaded): a header cycles ascending → descending → unsorted. With `selection`, each row and the
 * page get a checkbox for bulk actions.
 */
export function CustomersTable({
  rows,
  sort,
  onSort,
  ownerName,
  selection,
}: {
  rows: Customer[];
  sort: ListSort | undefined;
  onSort: (sort: ListSort | undefined) => void;
  ownerName: (id: string | null) => string;
  selection?: Selection;
}) {
  const header = (key: ListSortKey, label: string, visibleFrom?: 'md' | 'lg' | 'xl') => {
    const current = sort?.key === key ? sort.dir : undefined;
    return (
      <Table.Th
        visibleFrom={visibleFrom}
        aria-sort={current === 'asc' ? 'ascending' : current === 'desc' ? 'descending' : 'none'}
      >
        <button
          type="button"
          className="table-sort-button"
          // Named outright: text split over flex items reads "Health , sort".
          aria-label={`${label}, sort`}
          onClick={() =>
            onSort(
              current === 'asc' ? { key, dir: 'desc' } : current === 'desc' ? undefined : { key, dir: 'asc' },
            )
          }
        >
          {label}
          <span aria-hidden="true">{current === 'asc' ? '▲' : current === 'desc' ? '▼' : '↕'}</span>
        </button>
      </Table.Th>
    );
  };
  const picked = selection ? rows.filter((c) => selection.selected.has(c.id)).length : 0;

  return (
    <Table.ScrollContainer minWidth={720}>
      <Table highlightOnHover verticalSpacing="xs" aria-label="Customers">
        <Table.Thead>
          <Table.Tr>
            {selection && (
              <Table.Th w={40}>
                <Checkbox
                  aria-label="Select all customers on this page"
                  checked={rows.length > 0 && picked === rows.length}
                  indeterminate={picked > 0 && picked < rows.length}
                  onChange={selection.toggleAll}
                  disabled={rows.length === 0}
                />
              </Table.Th>
            )}
            {header('name', 'Name')}
            <Table.Th visibleFrom="md">Email</Table.Th>
            <Table.Th visibleFrom="xl">Phone</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>Owner</Table.Th>
            {header('health', 'Health')}
            {header('pAlive', 'P(alive)')}
            {header('clv', 'CLV', 'xl')}
            <Table.Th>Last contact</Table.Th>
            {header('firstSeen', 'Customer since', 'xl')}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((c) => {
            const name = displayName(c);
            return (
              <Table.Tr
                key={c.id}
                bg={selection?.selected.has(c.id) ? 'var(--mantine-color-blue-light)' : undefined}
              >
                {selection && (
                  <Table.Td>
                    <Checkbox
                      aria-label={`Select ${name}`}
                      checked={selection.selected.has(c.id)}
                      onChange={() => selection.toggle(c.id)}
                    />
                  </Table.Td>
                )}
                <Table.Td>
                  <Anchor component={Link} href={`/customers/${c.id}`} fw={600}>
                    {name}
                  </Anchor>
                </Table.Td>
                <Table.Td visibleFrom="md">{c.emails[0] ?? ''}</Table.Td>
                <Table.Td visibleFrom="xl">{c.phones[0] ?? ''}</Table.Td>
                <Table.Td style={nowrap} miw={90}>
                  <StatusBadge status={c.status} />
                </Table.Td>
                <Table.Td>{ownerName(c.ownerId)}</Table.Td>
                <Table.Td style={nowrap} miw={120}>
                  <HealthBadge health={c.scores?.health} />
                </Table.Td>
                <Table.Td style={nowrap}>{formatPAlive(c.scores?.pAlive)}</Table.Td>
                <Table.Td visibleFrom="xl" style={nowrap}>
                  {formatClv(c)}
                </Table.Td>
                <Table.Td style={nowrap}>
                  <LastContact at={c.lastContactAt} />
                </Table.Td>
                <Table.Td visibleFrom="xl" style={nowrap}>
                  {formatDate(c.firstSeenAt)}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

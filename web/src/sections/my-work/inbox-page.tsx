import { Anchor, Badge, Checkbox, Paper, SegmentedControl, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'wouter';
import { useStaffById } from '../../api/staff.ts';
import { hasRole, useSession } from '../../auth/session.tsx';
import { formatDateTime, formatRelative, humanize } from '../../ui/format.ts';
import { Page } from '../../ui/page.tsx';
import { QueryView } from '../../ui/query-view.tsx';
import { byDue, dueAt, noFilters, type QueueFilters, type Scope, useInboxCases, useMyTasks } from './api.ts';
import { CustomerLink, SeverityBadge } from './bits.tsx';
import { BulkCaseBar, QueueFilterBar } from './queue-controls.tsx';

/** The rep's inbox: open cases (overdue first, then by SLA due time) and their playbook tasks. */
export function InboxPage() {
  const me = useSession();
  const canSeeTeam = hasRole(me, ['admin', 'manager']);
  const [scope, setScope] = useState<Scope>('mine');
  const [filters, setFilters] = useState<QueueFilters>(noFilters);
  const [selected, setSelected] = useState<string[]>([]);
  const cases = useInboxCases(scope, filters);
  const manage = canSeeTeam && scope !== 'mine';
  const tasks = useMyTasks(scope === 'mine');
  const staffById = useStaffById();
  const rows = [...(cases.data ?? [])].sort(byDue);
  const shown = new Set(rows.map((c) => c.id));
  const picked = selected.filter((id) => shown.has(id));
  const toggle = (id: string, on: boolean) =>
    setSelected((s) => (on ? [...s.filter((x) => x !== id), id] : s.filter((x) => x !== id)));

  return (
    <Page
      title="My work"
      actions={
        canSeeTeam && (
          <SegmentedControl
            aria-label="Whose work"
            value={scope}
            onChange={(v) => {
              setScope(v === 'team' || v === 'all' ? v : 'mine');
              setSelected([]);
            }}
            data={[
              { value: 'mine', label: 'Mine' },
              { value: 'team', label: 'My team' },
              { value: 'all', label: 'All open' },
            ]}
          />
        )
      }
    >
      {scope === 'all' && <QueueFilterBar value={filters} onChange={setFilters} />}
      {manage && picked.length > 0 && <BulkCaseBar selectedIds={picked} onDone={() => setSelected([])} />}
      <Paper withBorder radius="md" p="sm">
        <Title order={2} size="h4" mb="xs">
          Open cases
        </Title>
        <QueryView
          query={cases}
          thing="case"
          loading="Loading cases"
          isEmpty={(d) => d.length === 0}
          empty={
            <>
              No open cases.{' '}
              {scope === 'all'
                ? 'Nothing matches these filters.'
                : `Nothing is waiting on ${scope === 'mine' ? 'you' : 'your team'}.`}
            </>
          }
        >
          {() => (
            <Table.ScrollContainer minWidth={720}>
              <Table aria-label="Open cases" highlightOnHover verticalSpacing="xs">
                <Table.Thead>
                  <Table.Tr>
                    {manage && (
                      <Table.Th>
                        <Checkbox
                          aria-label="Select all cases shown"
                          checked={rows.length > 0 && picked.length === rows.length}
                          indeterminate={picked.length > 0 && picked.length < rows.length}
                          onChange={(e) => setSelected(e.currentTarget.checked ? rows.map((c) => c.id) : [])}
                        />
                      </Table.Th>
                    )}
                    <Table.Th>Due</Table.Th>
                    <Table.Th>Severity</Table.Th>
                    <Table.Th>Case</Table.Th>
                    <Table.Th>Customer</Table.Th>
                    {scope !== 'mine' && <Table.Th>Assignee</Table.Th>}
                    <Table.Th>Status</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rows.map((c) => {
                    const due = dueAt(c);
                    return (
                      <Table.Tr key={c.id}>
                        {manage && (
                          <Table.Td>
                            <Checkbox
                              aria-label={`Select ${c.title} (${c.customerName ?? 'customer'})`}
                              checked={picked.includes(c.id)}
                              onChange={(e) => toggle(c.id, e.currentTarget.checked)}
                            />
                          </Table.Td>
                        )}
                        <Table.Td>
                          {c.overdue ? (
                            <Badge color="red" variant="filled" size="sm">
                              Overdue
                            </Badge>
                          ) : null}{' '}
                          <Text span size="sm" title={formatDateTime(due)}>
                            {due ? formatRelative(due) : 'No deadline'}
                          </Text>
                        </Table.Td>
                        <Table.Td>
                          <SeverityBadge severity={c.severity} />
                        </Table.Td>
                        <Table.Td>
                          <Anchor component={Link} href={`/my-work/cases/${c.id}`}>
                            {c.title}
                          </Anchor>
                        </Table.Td>
                        <Table.Td>
                          <CustomerLink id={c.customerId} name={c.customerName ?? null} />
                        </Table.Td>
                        {scope !== 'mine' && (
                          <Table.Td>
                            {c.assigneeId ? (staffById.get(c.assigneeId)?.name ?? 'Unknown') : 'Unassigned'}
                          </Table.Td>
                        )}
                        <Table.Td>
                          {c.status === 'snoozed'
                            ? `Snoozed until ${formatDateTime(c.snoozedUntil)}`
                            : humanize(c.status)}
                        </Table.Td>
                      </Table.Tr>
                    );
                  })}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </QueryView>
      </Paper>

      {scope === 'mine' && (
        <Paper withBorder radius="md" p="sm">
          <Title order={2} size="h4" mb="xs">
            My tasks
          </Title>
          <QueryView
            query={tasks}
            thing="task"
            loading="Loading tasks"
            isEmpty={(d) => d.length === 0}
            empty="No open tasks."
          >
            {(d) => (
              <Stack gap={0}>
                <Table aria-label="My tasks" verticalSpacing="xs">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Due</Table.Th>
                      <Table.Th>Task</Table.Th>
                      <Table.Th>Customer</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {d.map((t) => {
                      const late = new Date(t.dueAt).getTime() < Date.now();
                      return (
                        <Table.Tr key={t.id}>
                          <Table.Td>
                            <Text
                              span
                              size="sm"
                              c={late ? 'red.8' : undefined}
                              title={formatDateTime(t.dueAt)}
                            >
                              {formatRelative(t.dueAt)}
                            </Text>
                          </Table.Td>
                          <Table.Td>
                            <Anchor
                              component={Link}
                              href={t.caseId ? `/my-work/cases/${t.caseId}` : `/customers/${t.customerId}`}
                            >
                              {t.type === 'promise' ? `Promise: ${t.title}` : t.title}
                            </Anchor>
                          </Table.Td>
                          <Table.Td>
                            <CustomerLink id={t.customerId} name={t.customerName ?? null} />
                          </Table.Td>
                        </Table.Tr>
                      );
                    })}
                  </Table.Tbody>
                </Table>
              </Stack>
            )}
          </QueryView>
        </Paper>
      )}
    </Page>
  );
}

import {
  Anchor,
  Button,
  Center,
  Group,
  Loader,
  Paper,
  Select,
  Table,
  Text,
  TextInput,
  VisuallyHidden,
} from '@mantine/core';
import { useDebouncedValue, useHotkeys } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useSearchParams } from 'wouter';
import { describeError } from '../../api/errors.ts';
import { useStaffById, useStaffList } from '../../api/staff.ts';
import { type Customer, type CustomerStatus, customerStatuses } from '../../api/types.ts';
import { useSession } from '../../auth/session.tsx';
import { downloadText, toCsv } from '../../ui/csv.ts';
import { ErrorPanel } from '../../ui/error-panel.tsx';
import { formatAddress, formatDate, humanize } from '../../ui/format.ts';
import { IconDownload, IconSearch } from '../../ui/icons.tsx';
import { Page } from '../../ui/page.tsx';
import { StatusBadge } from '../../ui/status-badge.tsx';
import { type CustomerFilters, fetchAllCustomers, useCustomerSearch } from './api.ts';

type SortKey = 'name' | 'status' | 'owner' | 'firstSeenAt';
const EXPORT_MAX = 10_000;
const isStatus = (s: string | null): s is CustomerStatus =>
  s !== null && (customerStatuses as readonly string[]).includes(s);

export function CustomersPage() {
  const me = useSession();
  const [params, setParams] = useSearchParams();
  const [query, setQuery] = useState(params.get('q') ?? '');
  const [debounced] = useDebouncedValue(query, 200);
  const status = isStatus(params.get('status')) ? (params.get('status') as CustomerStatus) : undefined;
  const ownerParam = params.get('owner') ?? undefined;
  const ownerId = ownerParam === 'me' ? me.id : ownerParam;
  const filters: CustomerFilters = { query: debounced, status, ownerId };
  const search = useCustomerSearch(filters);
  const staffById = useStaffById();
  const staff = useStaffList();
  const [sort, setSort] = useState<{ key: SortKey; dir: 1 | -1 } | null>(null);
  const [exporting, setExporting] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  useHotkeys([['/', () => input.current?.focus()]]);

  const setParam = (name: string, value: string | null | undefined) =>
    setParams(
      (p) => {
        const next = new URLSearchParams(p);
        if (value) next.set(name, value);
        else next.delete(name);
        return next;
      },
      { replace: true },
    );
  // The URL follows the search box (after the debounce), so reload and Back keep the search.
  // biome-ignore lint/correctness/useExhaustiveDependencies: setParam is recreated each render
  useEffect(() => setParam('q', debounced.trim() || null), [debounced]);

  const ownerName = useCallback(
    (id: string | null) => (id ? (staffById.get(id)?.name ?? 'Unknown') : ''),
    [staffById],
  );
  const rows = useMemo(() => {
    const all = search.data?.pages.flatMap((p) => p.data) ?? [];
    if (!sort) return all;
    const value = (c: Customer): string =>
      sort.key === 'name'
        ? (c.name ?? '').toLowerCase()
        : sort.key === 'owner'
          ? ownerName(c.ownerId).toLowerCase()
          : sort.key === 'status'
            ? c.status
            : c.firstSeenAt;
    return [...all].sort((a, b) => value(a).localeCompare(value(b)) * sort.dir);
  }, [search.data, sort, ownerName]);

  const exportCsv = async () => {
    setExporting(true);
    try {
      const { rows: all, capped } = await fetchAllCustomers(filters, EXPORT_MAX);
      const csv = toCsv(all, [
        { header: 'id', value: (c) => c.id },
        { header: 'name', value: (c) => c.name },
        { header: 'emails', value: (c) => c.emails.join('; ') },
        { header: 'phones', value: (c) => c.phones.join('; ') },
        { header: 'address', value: (c) => formatAddress(c.address) },
        { header: 'status', value: (c) => c.status },
        { header: 'owner', value: (c) => ownerName(c.ownerId) },
        { header: 'time_zone', value: (c) => c.timeZone },
        { header: 'first_seen', value: (c) => c.firstSeenAt },
        {
          header: 'external_ids',
          value: (c) => c.identities.map((i) => `${i.source}:${i.externalId}`).join('; '),
        },
      ]);
      downloadText(`customers-${new Date().toISOString().slice(0, 10)}.csv`, csv);
      notifications.show({
        color: capped ? 'yellow' : 'green',
        message: capped
          ? `Exported the first ${EXPORT_MAX.toLocaleString()} customers. Narrow the filters to export the rest.`
          : `Exported ${all.length.toLocaleString()} customer${all.length === 1 ? '' : 's'}.`,
      });
    } catch (err) {
      notifications.show({ color: 'red', title: 'Export failed', message: describeError(err) });
    } finally {
      setExporting(false);
    }
  };

  const header = (key: SortKey, label: string) => {
    const current = sort?.key === key ? sort.dir : 0;
    return (
      <Table.Th aria-sort={current === 1 ? 'ascending' : current === -1 ? 'descending' : 'none'}>
        <button
          type="button"
          className="table-sort-button"
          onClick={() => setSort(current === 1 ? { key, dir: -1 } : current === -1 ? null : { key, dir: 1 })}
        >
          {label}
          <span aria-hidden="true">{current === 1 ? '▲' : current === -1 ? '▼' : '↕'}</span>
          <VisuallyHidden>, sort</VisuallyHidden>
        </button>
      </Table.Th>
    );
  };

  const count = rows.length;
  const searching = !!debounced.trim();
  return (
    <Page
      title="Customers"
      focusHeading={false}
      actions={
        <Button
          variant="default"
          leftSection={<IconDownload size={16} />}
          onClick={exportCsv}
          loading={exporting}
          disabled={count === 0}
        >
          Export CSV
        </Button>
      }
    >
      <Paper withBorder p="sm" radius="md">
        <Group align="flex-end" gap="sm" wrap="wrap">
          <TextInput
            ref={input}
            label="Search customers"
            placeholder="Name, email or customer id"
            leftSection={<IconSearch size={16} />}
            rightSection={
              search.isFetching ? <Loader size={14} aria-label="Searching" /> : <kbd className="hint">/</kbd>
            }
            value={query}
            onChange={(e) => setQuery(e.currentTarget.value)}
            onKeyDown={(e) => {
              if (e.key === 'Escape') setQuery('');
            }}
            type="search"
            autoFocus
            style={{ flex: '1 1 18rem' }}
          />
          <Select
            label="Status"
            placeholder="Any status"
            data={customerStatuses.map((s) => ({ value: s, label: humanize(s) }))}
            value={status ?? null}
            onChange={(v) => setParam('status', v)}
            clearable
            w={160}
          />
          <Select
            label="Owner"
            placeholder="Anyone"
            data={[
              { value: 'me', label: 'Me' },
              ...(staff.data ?? [])
                .filter((s) => s.id !== me.id)
                .map((s) => ({ value: s.id, label: s.name })),
            ]}
            value={ownerParam ?? null}
            onChange={(v) => setParam('owner', v)}
            clearable
            searchable
            w={200}
          />
        </Group>
      </Paper>

      {search.isError ? (
        <ErrorPanel error={search.error} onRetry={() => search.refetch()} />
      ) : (
        <Paper withBorder radius="md">
          <Text size="sm" c="dimmed" px="md" pt="sm" role="status" aria-live="polite">
            {search.isPending
              ? 'Loading customers…'
              : count === 0
                ? searching
                  ? `No customers match "${debounced.trim()}".`
                  : 'No customers match these filters.'
                : `${count.toLocaleString()}${search.hasNextPage ? '+' : ''} customer${count === 1 ? '' : 's'}${searching ? ` matching "${debounced.trim()}"` : ''}`}
          </Text>
          <Table.ScrollContainer minWidth={560}>
            <Table highlightOnHover verticalSpacing="xs" aria-label="Customers">
              <Table.Thead>
                <Table.Tr>
                  {header('name', 'Name')}
                  <Table.Th>Email</Table.Th>
                  <Table.Th visibleFrom="lg">Phone</Table.Th>
                  {header('status', 'Status')}
                  {header('owner', 'Owner')}
                  {header('firstSeenAt', 'Customer since')}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((c) => (
                  <Table.Tr key={c.id}>
                    <Table.Td>
                      <Anchor component={Link} href={`/customers/${c.id}`} fw={600}>
                        {c.name ?? c.emails[0] ?? c.identities[0]?.externalId ?? 'Unnamed customer'}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>{c.emails[0] ?? ''}</Table.Td>
                    <Table.Td visibleFrom="lg">{c.phones[0] ?? ''}</Table.Td>
                    <Table.Td>
                      <StatusBadge status={c.status} />
                    </Table.Td>
                    <Table.Td>{ownerName(c.ownerId)}</Table.Td>
                    <Table.Td>{formatDate(c.firstSeenAt)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {search.hasNextPage && (
            <Center p="sm">
              <Button
                variant="default"
                onClick={() => search.fetchNextPage()}
                loading={search.isFetchingNextPage}
              >
                Load more
              </Button>
            </Center>
          )}
        </Paper>
      )}
    </Page>
  );
}

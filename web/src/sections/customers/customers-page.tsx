import { Button, Center, Paper, Text } from '@mantine/core';
import { useDebouncedValue, useHotkeys } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useSearchParams } from 'wouter';
import { describeError } from '../../api/errors.ts';
import { useStaffById } from '../../api/staff.ts';
import { hasRole, useSession } from '../../auth/session.tsx';
import { downloadText } from '../../ui/csv.ts';
import { ErrorPanel } from '../../ui/error-panel.tsx';
import { IconDownload } from '../../ui/icons.tsx';
import { Page } from '../../ui/page.tsx';
import {
  type CustomerFilters as Filters,
  fetchAllCustomers,
  filterQuery,
  useCustomerCount,
  useCustomerSearch,
} from './api.ts';
import { BulkAssignBar } from './bulk-assign.tsx';
import { CustomerFilters } from './customer-filters.tsx';
import { customersCsv } from './customers-csv.ts';
import { CustomersTable } from './customers-table.tsx';
import { type ListSort, readListParams } from './list-params.ts';

const EXPORT_MAX = 10_000;

export function CustomersPage() {
  const me = useSession();
  const [params, setParams] = useSearchParams();
  const [query, setQuery] = useState(params.get('q') ?? '');
  const [debounced] = useDebouncedValue(query, 200);
  const list = readListParams(params);
  const filters: Filters = {
    query: debounced,
    status: list.status,
    ownerId: list.owner === 'me' ? me.id : list.owner,
    health: list.health,
    pAlive: list.pAlive,
    contact: list.contact,
    segmentId: list.segment,
    sort: list.sort,
  };
  const search = useCustomerSearch(filters);
  const total = useCustomerCount(filters);
  const staffById = useStaffById();
  const [exporting, setExporting] = useState(false);
  // Bulk assignment is a manager's tool (the API allows admins and managers).
  const canAssign = hasRole(me, ['admin', 'manager']);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  // "Select all N matching": the bulk action then names the filters, not the loaded rows.
  const [allMatching, setAllMatching] = useState(false);
  const clearSelection = () => {
    setSelected(new Set());
    setAllMatching(false);
  };
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
  const setSort = (sort: ListSort | undefined) =>
    setParams(
      (p) => {
        const next = new URLSearchParams(p);
        if (sort) {
          next.set('sort', sort.key);
          next.set('dir', sort.dir);
        } else {
          next.delete('sort');
          next.delete('dir');
        }
        return next;
      },
      { replace: true },
    );
  // The URL follows the search box (after the debounce), so reload and Back keep the search.
  useEffect(() => setParam('q', debounced.trim() || null), [debounced]);
  // A selection belongs to the list it was made in: other filters or another order start afresh.
  const listKey = JSON.stringify(filters);
  useEffect(() => {
    setSelected(new Set());
    setAllMatching(false);
  }, [listKey]);

  const ownerName = useCallback(
    (id: string | null) => (id ? (staffById.get(id)?.name ?? 'Unknown') : ''),
    [staffById],
  );
  const rows = useMemo(() => search.data?.pages.flatMap((p) => p.data) ?? [], [search.data]);
  const selection = canAssign
    ? {
        selected,
        toggle: (id: string) => {
          setAllMatching(false);
          setSelected((s) => {
            const next = new Set(s);
            if (!next.delete(id)) next.add(id);
            return next;
          });
        },
        toggleAll: () => {
          setAllMatching(false);
          setSelected((s) => (rows.every((r) => s.has(r.id)) ? new Set() : new Set(rows.map((r) => r.id))));
        },
      }
    : undefined;

  const exportCsv = async () => {
    setExporting(true);
    try {
      const { rows: all, capped } = await fetchAllCustomers(filters, EXPORT_MAX);
      downloadText(`customers-${new Date().toISOString().slice(0, 10)}.csv`, customersCsv(all, ownerName));
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

  const count = rows.length;
  const searching = !!debounced.trim();
  // The true total over every customer, not the rows loaded so far.
  const matching = total.data && !total.isPlaceholderData ? total.data : undefined;
  const heading = matching
    ? `${matching.exact ? '' : 'About '}${matching.count.toLocaleString()} customer${matching.count === 1 ? '' : 's'}`
    : `${count.toLocaleString()}${search.hasNextPage ? '+' : ''} customer${count === 1 ? '' : 's'}`;
  const allLoadedPicked = count > 0 && rows.every((r) => selected.has(r.id));
  const moreMatch = matching ? matching.exact && matching.count > count : false;
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
      <CustomerFilters
        query={query}
        onQuery={setQuery}
        inputRef={input}
        fetching={search.isFetching}
        params={list}
        setParam={setParam}
      />
      {selection && (selected.size > 0 || allMatching) && (
        <BulkAssignBar
          target={
            allMatching && matching
              ? { filter: filterQuery(filters), count: matching.count }
              : { customerIds: [...selected] }
          }
          onDone={clearSelection}
          allMatching={
            !allMatching && allLoadedPicked && moreMatch && matching
              ? { total: matching.count, select: () => setAllMatching(true) }
              : undefined
          }
        />
      )}

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
                : `${heading}${searching ? ` matching "${debounced.trim()}"` : ''}`}
          </Text>
          <CustomersTable
            rows={rows}
            sort={list.sort}
            onSort={setSort}
            ownerName={ownerName}
            selection={selection}
          />
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

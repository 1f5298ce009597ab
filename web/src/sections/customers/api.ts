import {
  infiniteQueryOptions,
  keepPreviousData,
  type QueryClient,
  queryOptions,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import { api, data } from '../../api/client.ts';
import { staffQuery } from '../../api/staff.ts';
import type {
  Channel,
  Customer,
  Customer360,
  CustomerPatch,
  CustomerStatus,
  Interaction,
  NewInteraction,
} from '../../api/types.ts';
import type { ContactFilter, HealthBand, ListSort, PAliveBand } from './list-params.ts';

export type CustomerFilters = {
  query: string;
  status?: CustomerStatus;
  ownerId?: string;
  health?: HealthBand;
  pAlive?: PAliveBand;
  contact?: ContactFilter;
  /** A saved segment's id (sections/segments). */
  segmentId?: string;
  sort?: ListSort;
};
export type TimelineFilters = { channels: Channel[]; kinds: string[] };

const PAGE = 50;

export const customerKeys = {
  list: (f: CustomerFilters) => ['customers', f] as const,
  one: (id: string) => ['customer', id] as const,
  timeline: (id: string) => ['timeline', id] as const,
};

/** The filters as the API takes them: for the list, its count and "assign all matching". */
export const filterQuery = (f: CustomerFilters) => ({
  query: f.query.trim() || undefined,
  status: f.status,
  ownerId: f.ownerId,
  health: f.health,
  pAlive: f.pAlive,
  contactedWithinDays: f.contact?.kind === 'in' ? f.contact.days : undefined,
  noContactForDays: f.contact?.kind === 'none' ? f.contact.days : undefined,
  segmentId: f.segmentId,
});
export type FilterQuery = ReturnType<typeof filterQuery>;

/** "Select all N matching" assigns at most this many (the API's bound). */
export const ASSIGN_ALL_MAX = 5000;

const listQuery = (f: CustomerFilters, after?: string, limit = PAGE) => ({
  ...filterQuery(f),
  sort: f.sort?.key,
  direction: f.sort?.dir,
  after,
  limit,
});

/**
 * Search as you type (name, email, external id) or list page by page, filtered and sorted by the
 * server over all customers; keeps the last answer while typing.
 */
export function useCustomerSearch(f: CustomerFilters) {
  return useInfiniteQuery({
    queryKey: customerKeys.list(f),
    queryFn: ({ pageParam, signal }) =>
      data(api.GET('/api/v1/customers', { params: { query: listQuery(f, pageParam) }, signal })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

/**
 * How many customers the filters match over the whole database (the list loads a page at a
 * time). Exact up to 100,000; beyond, the database's estimate with `exact: false`.
 */
export function useCustomerCount(f: CustomerFilters) {
  const q = filterQuery(f);
  return useQuery({
    queryKey: ['customers', 'count', q] as const,
    queryFn: ({ signal }) => data(api.GET('/api/v1/customers/count', { params: { query: q }, signal })),
    placeholderData: keepPreviousData,
  });
}

/** Every customer matching the filters, page by page, up to `max`: what the CSV export writes. */
export async function fetchAllCustomers(
  f: CustomerFilters,
  max: number,
): Promise<{ rows: Customer[]; capped: boolean }> {
  const rows: Customer[] = [];
  let after: string | undefined;
  do {
    const page = await data(api.GET('/api/v1/customers', { params: { query: listQuery(f, after, 200) } }));
    rows.push(...page.data);
    after = page.nextCursor ?? undefined;
  } while (after && rows.length < max);
  return { rows: rows.slice(0, max), capped: rows.length > max || !!after };
}

/** Gives customers one owner (or none); the server records each change on its timeline. */
export function useAssignOwner() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: ({ customerIds: string[] } | { filter: FilterQuery }) & { ownerId: string | null }) =>
      data(api.POST('/api/v1/customers/assign-owner', { body })),
    // Lists, and any cached 360 and timeline (which gain a "Details updated" entry).
    onSuccess: () => {
      for (const k of ['customers', 'customer', 'timeline']) void qc.invalidateQueries({ queryKey: [k] });
    },
  });
}

export const customerQuery = (id: string) =>
  queryOptions({
    queryKey: customerKeys.one(id),
    queryFn: ({ signal }): Promise<Customer360> =>
      data(api.GET('/api/v1/customers/{id}', { params: { path: { id } }, signal })),
  });

export const useCustomer = (id: string) => useQuery(customerQuery(id));

const timelineQuery = (f: Partial<TimelineFilters>, cursor: string | undefined, limit: number) => ({
  channel: f.channels?.length ? f.channels.join(',') : undefined,
  kind: f.kinds?.length ? f.kinds.join(',') : undefined,
  cursor,
  limit,
});

export const noTimelineFilters: TimelineFilters = { channels: [], kinds: [] };

const timelinePages = (id: string, f: TimelineFilters) =>
  infiniteQueryOptions({
    queryKey: [...customerKeys.timeline(id), f],
    queryFn: ({ pageParam, signal }) =>
      data(
        api.GET('/api/v1/customers/{id}/timeline', {
          params: { path: { id }, query: timelineQuery(f, pageParam, 25) },
          signal,
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });

export const useTimeline = (id: string, f: TimelineFilters) => useInfiniteQuery(timelinePages(id, f));

/** Kinds that are a conversation with the customer (the server's CONTACT_KINDS). */
export const CONTACT_KINDS = [
  'call',
  'email',
  'sms',
  'chat',
  'visit',
  'meeting',
  'ticket',
  'message',
  'letter',
  'survey-response',
];

/** The latest interaction of some kinds (the last purchase, the last conversation). */
const latestQuery = (id: string, kinds: string[]) =>
  queryOptions({
    queryKey: [...customerKeys.timeline(id), 'latest', kinds],
    queryFn: async ({ signal }): Promise<Interaction | null> => {
      const page = await data(
        api.GET('/api/v1/customers/{id}/timeline', {
          params: { path: { id }, query: timelineQuery({ kinds }, undefined, 1) },
          signal,
        }),
      );
      return page.data[0] ?? null;
    },
  });

export const useLatest = (id: string, kinds: string[]) => useQuery(latestQuery(id, kinds));

/**
 * Everything the 360 shows, requested at once while the app starts (before the session check
 * answers), instead of one request waiting for the other.
 */
export function prefetchCustomer360(qc: QueryClient, id: string): void {
  void qc.prefetchQuery(customerQuery(id));
  void qc.prefetchInfiniteQuery(timelinePages(id, noTimelineFilters));
  void qc.prefetchQuery(latestQuery(id, ['purchase']));
  void qc.prefetchQuery(latestQuery(id, CONTACT_KINDS));
  void qc.prefetchQuery(staffQuery);
}

/** A change of details: the server records it on the timeline, so both are refreshed. */
export function useUpdateCustomer(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (patch: CustomerPatch) =>
      data(api.PATCH('/api/v1/customers/{id}', { params: { path: { id } }, body: patch })),
    onSuccess: (updated) => {
      // The answer already holds the new details: show them at once and let the editor close,
      // while the timeline (which gains a "Details updated" entry) and lists refresh behind it.
      qc.setQueryData<Customer360>(customerKeys.one(id), (old) => (old ? { ...old, ...updated } : old));
      void qc.invalidateQueries({ queryKey: customerKeys.one(id) });
      void qc.invalidateQueries({ queryKey: customerKeys.timeline(id) });
      void qc.invalidateQueries({ queryKey: ['customers'] });
    },
  });
}

export function useLogInteraction(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: NewInteraction) =>
      data(api.POST('/api/v1/customers/{id}/interactions', { params: { path: { id } }, body })),
    onSuccess: () =>
      Promise.all([
        qc.invalidateQueries({ queryKey: customerKeys.one(id) }),
        qc.invalidateQueries({ queryKey: customerKeys.timeline(id) }),
      ]),
  });
}

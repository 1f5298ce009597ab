import type { paths } from '../../api/schema';
import { type CustomerStatus, customerStatuses } from '../../api/types.ts';

type ListQuery = NonNullable<paths['/api/v1/customers']['get']['parameters']['query']>;
export type HealthBand = NonNullable<ListQuery['health']>;
export type PAliveBand = NonNullable<ListQuery['pAlive']>;
export type ListSortKey = NonNullable<ListQuery['sort']>;
export type ListSort = { key: ListSortKey; dir: 'asc' | 'desc' };
/** "Contacted in the last N days" or "no contact for N days". */
export type ContactFilter = { kind: 'in' | 'none'; days: number };

/** The server's bands (GET /api/v1/customers), worded for reps. */
export const healthBands: { value: HealthBand; label: string; range: string }[] = [
  { value: 'at-risk', label: 'At risk', range: 'under 40' },
  { value: 'watch', label: 'Watch', range: '40–69' },
  { value: 'healthy', label: 'Healthy', range: '70 and up' },
  { value: 'unscored', label: 'Not scored yet', range: '' },
];
export const pAliveBands: { value: PAliveBand; label: string }[] = [
  { value: 'low', label: 'Low (under 30%)' },
  { value: 'medium', label: 'Medium (30–69%)' },
  { value: 'high', label: 'High (70% and up)' },
  { value: 'unscored', label: 'Not scored yet' },
];

/** The band a health score falls in, as the server counts it. */
export const healthBandOf = (health: number): Exclude<HealthBand, 'unscored'> =>
  health < 40 ? 'at-risk' : health < 70 ? 'watch' : 'healthy';

const contactPresets: ContactFilter[] = [
  { kind: 'in', days: 7 },
  { kind: 'in', days: 30 },
  { kind: 'none', days: 30 },
  { kind: 'none', days: 90 },
  { kind: 'none', days: 180 },
];
export const contactValue = (c: ContactFilter) => `${c.kind}-${c.days}`;
export const contactLabel = (c: ContactFilter) =>
  c.kind === 'in' ? `In the last ${c.days} days` : `Not in ${c.days} days (or never)`;
/** The presets, plus whatever the address holds (a shared link with another number of days). */
export const contactOptions = (current?: ContactFilter) => {
  const all =
    current && !contactPresets.some((p) => contactValue(p) === contactValue(current))
      ? [...contactPresets, current]
      : contactPresets;
  return all.map((c) => ({ value: contactValue(c), label: contactLabel(c) }));
};

function parseContact(s: string | null): ContactFilter | undefined {
  const m = s ? /^(in|none)-(\d{1,4})$/.exec(s) : null;
  const days = Number(m?.[2]);
  return m && days >= 1 && days <= 3650 ? { kind: m[1] as 'in' | 'none', days } : undefined;
}

const sortKeys: Record<ListSortKey, true> = {
  name: true,
  firstSeen: true,
  health: true,
  pAlive: true,
  clv: true,
};
const oneOf = <T extends string>(values: readonly T[], s: string | null): T | undefined =>
  s !== null && (values as readonly string[]).includes(s) ? (s as T) : undefined;

/** The list's filters and sort as the address keeps them, so reload, Back and shared links keep them. */
export type ListParams = {
  status?: CustomerStatus;
  owner?: string;
  health?: HealthBand;
  pAlive?: PAliveBand;
  contact?: ContactFilter;
  segment?: string;
  sort?: ListSort;
};

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function readListParams(p: URLSearchParams): ListParams {
  const key = oneOf(Object.keys(sortKeys) as ListSortKey[], p.get('sort'));
  return {
    status: oneOf(customerStatuses, p.get('status')),
    owner: p.get('owner') ?? undefined,
    health: oneOf(
      healthBands.map((b) => b.value),
      p.get('health'),
    ),
    pAlive: oneOf(
      pAliveBands.map((b) => b.value),
      p.get('palive'),
    ),
    contact: parseContact(p.get('contact')),
    segment: uuid.test(p.get('segment') ?? '') ? (p.get('segment') as string) : undefined,
    sort: key ? { key, dir: p.get('dir') === 'desc' ? 'desc' : 'asc' } : undefined,
  };
}

import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../../kernel/db/pool.ts';
import { listScoresRelation } from './customer-list-scores.ts';
import { statuses } from './tables.ts';

/**
 * What a field's values are, which decides the operators a condition may use on it:
 * - text: case-insensitive text; `list` fields (emails) match when any element does
 * - enum: one of `values`
 * - number: a plain number; `date`: an instant; `money`: minor units in a currency the condition names
 * - staff: a staff id (the owner); `team`: the owner's team (resolved to its members by the caller)
 * - custom: a key of custom_fields, compared as text or, for numeric operators, as a JSON number
 */
export type CustomerFieldType = 'text' | 'enum' | 'number' | 'date' | 'money' | 'staff' | 'team' | 'custom';

export type FieldEnv = {
  /** The clock's now, for ages ("tenure in days"). */
  now: Date;
  /** Currency of a money condition (ISO 4217). */
  currency?: string;
  /** Key of a custom field. */
  key?: string;
};

export type CustomerField = {
  key: string;
  label: string;
  group: 'profile' | 'lifecycle' | 'aggregates' | 'scores' | 'consent';
  type: CustomerFieldType;
  values?: readonly string[];
  list?: boolean;
  /** Bounds of a number or score, for the builder's inputs and for 4xx on nonsense. */
  min?: number;
  max?: number;
  /** SQL type numbers are compared as, so a score's index serves the comparison (default numeric). */
  cast?: 'real' | 'bigint' | 'numeric';
  /** The value on `c` (customer) and `s` (the registered scores relation, left-joined). */
  value: (env: FieldEnv) => RawBuilder<unknown>;
  /**
   * A condition the value only counts under (a score in the condition's currency). Kept apart
   * from `value` so `guard and value >= x` can use the value's index.
   */
  guard?: (env: FieldEnv) => RawBuilder<unknown>;
  /**
   * Every customer's value of a score, for "top/bottom N %": a query of one column `v` over the
   * scores relation alone (its index), not over the customers.
   */
  population?: (db: Db, env: FieldEnv) => RawBuilder<unknown> | undefined;
};

const ref = (col: string) => sql.ref(col);
const purchaseAgg = (agg: RawBuilder<unknown>, extra: RawBuilder<unknown> = sql`true`) =>
  sql`(select ${agg} from interaction i where i.customer_id = c.id and i.kind = 'purchase' and ${extra})`;
const scorePopulation =
  (col: string, money = false) =>
  (db: Db, env: FieldEnv) => {
    const rel = listScoresRelation(db);
    if (!rel) return undefined;
    const cur = money ? sql`and p.currency = ${env.currency ?? ''}` : sql``;
    return sql`select ${sql.ref(`p.${col}`)} as v from (${rel}) p where ${sql.ref(`p.${col}`)} is not null ${cur}`;
  };

/**
 * The customer data a segment can select on, each field as one SQL expression over the
 * customer row, its timeline and insight's latest scores. Aggregates are correlated subqueries
 * on the (customer_id, occurred_at) timeline index, so a segment reads only the touchpoints of
 * the customers its cheaper conditions leave; scores come through the relation insight
 * registers (registerCustomerListScores), so this module never names insight's tables.
 */
export const customerFields: readonly CustomerField[] = [
  { key: 'name', label: 'Name', group: 'profile', type: 'text', value: () => sql`c.name` },
  { key: 'email', label: 'Email', group: 'profile', type: 'text', list: true, value: () => sql`c.emails` },
  { key: 'phone', label: 'Phone', group: 'profile', type: 'text', list: true, value: () => sql`c.phones` },
  {
    key: 'country',
    label: 'Country',
    group: 'profile',
    type: 'text',
    value: () => sql`(c.address->>'country')`,
  },
  { key: 'locale', label: 'Locale', group: 'profile', type: 'text', value: () => sql`c.locale` },
  { key: 'timeZone', label: 'Time zone', group: 'profile', type: 'text', value: () => sql`c.time_zone` },
  { key: 'owner', label: 'Owner', group: 'profile', type: 'staff', value: () => sql`c.owner_id` },
  { key: 'team', label: "Owner's team", group: 'profile', type: 'team', value: () => sql`c.owner_id` },
  {
    key: 'custom',
    label: 'Custom field',
    group: 'profile',
    type: 'custom',
    value: (env) => sql`(c.custom_fields -> ${env.key ?? ''}::text)`,
  },
  {
    key: 'status',
    label: 'Status',
    group: 'lifecycle',
    type: 'enum',
    values: statuses,
    value: () => sql`c.status`,
  },
  {
    key: 'lifecycleStage',
    label: 'Lifecycle stage',
    group: 'lifecycle',
    type: 'text',
    value: () => sql`c.lifecycle_stage`,
  },
  {
    key: 'firstSeenAt',
    label: 'First seen',
    group: 'aggregates',
    type: 'date',
    value: () => sql`c.first_seen_at`,
  },
  {
    key: 'tenureDays',
    label: 'Tenure (days since first seen)',
    group: 'aggregates',
    type: 'number',
    min: 0,
    max: 100_000,
    value: (env) => sql`floor(extract(epoch from (${env.now}::timestamptz - c.first_seen_at)) / 86400)`,
  },
  {
    key: 'totalSpend',
    label: 'Total spend (purchases less refunds)',
    group: 'aggregates',
    type: 'money',
    value: (env) =>
      sql`coalesce((select sum(case when i.kind = 'refund' then -i.amount_minor else i.amount_minor end)
        from interaction i where i.customer_id = c.id and i.kind in ('purchase', 'refund')
        and i.currency = ${env.currency ?? ''}), 0)`,
  },
  {
    key: 'ordersCount',
    label: 'Number of purchases',
    group: 'aggregates',
    type: 'number',
    min: 0,
    max: 1_000_000,
    cast: 'bigint',
    value: () => purchaseAgg(sql`count(*)`),
  },
  {
    key: 'firstPurchaseAt',
    label: 'First purchase',
    group: 'aggregates',
    type: 'date',
    value: () => purchaseAgg(sql`min(i.occurred_at)`),
  },
  {
    key: 'lastPurchaseAt',
    label: 'Last purchase',
    group: 'aggregates',
    type: 'date',
    value: () => purchaseAgg(sql`max(i.occurred_at)`),
  },
  {
    key: 'lastTouchpointAt',
    label: 'Last touchpoint',
    group: 'aggregates',
    type: 'date',
    value: () => sql`(select max(i.occurred_at) from interaction i where i.customer_id = c.id)`,
  },
  {
    key: 'pAlive',
    label: 'P(alive)',
    group: 'scores',
    type: 'number',
    min: 0,
    max: 1,
    cast: 'real',
    value: () => ref('s.p_alive'),
    population: scorePopulation('p_alive'),
  },
  {
    key: 'clv',
    label: 'Customer lifetime value',
    group: 'scores',
    type: 'money',
    cast: 'bigint',
    value: () => ref('s.clv_minor'),
    guard: (env) => sql`s.currency = ${env.currency ?? ''}`,
    population: scorePopulation('clv_minor', true),
  },
  {
    key: 'health',
    label: 'Health (0–100)',
    group: 'scores',
    type: 'number',
    min: 0,
    max: 100,
    value: () => ref('s.health'),
    population: scorePopulation('health'),
  },
  {
    key: 'churnRisk',
    label: 'Churn risk (probability)',
    group: 'scores',
    type: 'number',
    min: 0,
    max: 1,
    cast: 'real',
    value: () => ref('s.churn_probability'),
    population: scorePopulation('churn_probability'),
  },
];

/**
 * The customers a selection reads: live (not erased) customers, with their latest scores
 * left-joined as `s` when a module registered them (PostgreSQL drops the join when no condition
 * names a score). `scored` is false when nobody has scores: score conditions match nobody.
 */
export function customerSource(db: Db): {
  from: RawBuilder<unknown>;
  live: RawBuilder<unknown>;
  scored: boolean;
  /** The customer's id, the key members are paged by. */
  id: RawBuilder<unknown>;
  /** What a member list shows of each customer: id, name, first email, status. */
  summary: RawBuilder<unknown>;
} {
  const rel = listScoresRelation(db);
  return {
    id: sql`c.id`,
    summary: sql`c.id, c.name, c.emails[1] as email, c.status`,
    from: rel
      ? sql`customer c left join (${rel}) s on s.customer_id = c.id`
      : sql`customer c left join (select null::uuid as customer_id, null::smallint as health, null::real as p_alive,
          null::bigint as clv_minor, null::text as currency, null::real as churn_probability) s on false`,
    live: sql`c.erased_at is null`,
    scored: !!rel,
  };
}

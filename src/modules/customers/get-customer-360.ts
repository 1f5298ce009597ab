import { CompiledQuery, type Selectable } from 'kysely';
import { DAY_MS } from '../../kernel/clock.ts';
import type { Ctx } from '../../kernel/context.ts';
import { nameStatement } from '../../kernel/db/named-statements.ts';
import { notFound } from '../../kernel/errors.ts';
import { loadCustomerScores } from './customer-scores.ts';
import { toCustomerView } from './get-customer.ts';
import { countOpenItems } from './open-items.ts';
import type { CustomerView } from './schemas.ts';
import type { CustomerTables } from './tables.ts';

/**
 * Kinds that are a conversation with the customer, as opposed to a purchase or a system record.
 * The rollup trigger (migration 20261210040000-customer-rollups.sql) names the same kinds in SQL;
 * customer-rollups.test.ts fails if the two differ.
 */
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

export type Customer360 = CustomerView & {
  aggregates: {
    firstPurchaseAt: Date | null;
    lastPurchaseAt: Date | null;
    purchaseCount: number;
    lifetimeSpend: { currency: string; minor: number }[];
    tenureDays: number;
    lastContactAt: Date | null;
    lastContactChannel: string | null;
    daysSinceLastContact: number | null;
    interactionCount: number;
    openItems: number;
  };
  /** Scores from the insight module when it is registered (P(alive), CLV, churn, health). */
  scores?: Record<string, unknown> | null;
};

type Row360 = Selectable<CustomerTables['customer']> & {
  identities: { source: string; external_id: string }[] | null;
  first_purchase_at: Date | null;
  last_purchase_at: Date | null;
  purchase_count: number;
  interaction_count: number;
  spend: { currency: string; minor: number }[] | null;
  last_contact_at: Date | null;
  last_contact_channel: string | null;
};

/** The customers module's part of the 360 for customers `$1` (uuid[]); the bench runs it bare. */
export const CUSTOMER_360_SQL = `
  select c.*, r.first_purchase_at, r.last_purchase_at, coalesce(r.purchases, 0) as purchase_count,
    coalesce(r.interactions, 0) as interaction_count, r.last_contact_at, r.last_contact_channel,
    (select json_agg(json_build_object('source', i.source, 'external_id', i.external_id))
       from customer_identity i where i.customer_id = c.id) as identities,
    (select json_agg(json_build_object('currency', s.currency, 'minor', s.amount_minor) order by s.currency)
       from customer_spend s where s.customer_id = c.id) as spend
  from customer c left join customer_rollup r on r.customer_id = c.id
  where c.id = any($1::uuid[])`;
nameStatement('customer-360', CUSTOMER_360_SQL);

/**
 * Profile plus aggregates read from the rollups the timeline's trigger keeps (migration
 * 20261210040000-customer-rollups.sql): exact, and independent of how long the customer's
 * history is. One statement for everything the customers module owns (profile, identities,
 * rollup, spend per currency) for any number of customers: round trips, not rows, dominate this
 * read's cost, so a nightly pass over every customer reads a page per statement. Scores are left
 * out (the caller that shows them adds them); customers not found are absent from the map.
 */
export async function getCustomer360s(
  ctx: Pick<Ctx, 'db' | 'clock'>,
  ids: string[],
): Promise<Map<string, Customer360>> {
  if (ids.length === 0) return new Map();
  // Named: each connection plans it once instead of on every call.
  const query = CompiledQuery.raw(CUSTOMER_360_SQL, [ids]);
  const [result, openItems] = await Promise.all([
    ctx.db.executeQuery<Row360>(query),
    countOpenItems(ctx, ids),
  ]);
  const now = ctx.clock.now().getTime();
  const out = new Map<string, Customer360>();
  for (const a of result.rows) {
    const customer = toCustomerView(a, a.identities ?? []);
    const lastContactAt = a.last_contact_at;
    out.set(a.id, {
      ...customer,
      aggregates: {
        firstPurchaseAt: a.first_purchase_at,
        lastPurchaseAt: a.last_purchase_at,
        purchaseCount: a.purchase_count,
        lifetimeSpend: (a.spend ?? []).map((x) => ({ currency: x.currency, minor: Number(x.minor) })),
        tenureDays: Math.max(0, Math.floor((now - customer.firstSeenAt.getTime()) / DAY_MS)),
        lastContactAt,
        lastContactChannel: a.last_contact_channel,
        daysSinceLastContact: lastContactAt ? Math.floor((now - lastContactAt.getTime()) / DAY_MS) : null,
        interactionCount: a.interaction_count,
        openItems: openItems.get(a.id) ?? 0,
      },
    });
  }
  return out;
}

/** One customer's 360, with insight's scores when a provider is registered. */
export async function getCustomer360(ctx: Pick<Ctx, 'db' | 'clock'>, id: string): Promise<Customer360> {
  const [found, scores] = await Promise.all([getCustomer360s(ctx, [id]), loadCustomerScores(ctx, id)]);
  const c = found.get(id);
  if (!c) throw notFound('Customer', id);
  return { ...c, scores };
}

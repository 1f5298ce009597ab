import { CompiledQuery, type Selectable } from 'kysely';
import { DAY_MS } from '../../kernel/clock.ts';
import type { Ctx } from '../../kernel/context.ts';
import { nameStatement, nameStatementByText } from '../../kernel/db/named-statements.ts';
import { notFound } from '../../kernel/errors.ts';
import { customerScoresProvider } from './customer-scores.ts';
import { toCustomerView } from './get-customer.ts';
import { openItemsJoin } from './open-items.ts';
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
  open_items: number;
  scores?: unknown;
};

const CUSTOMER_COLUMNS = `c.*, r.first_purchase_at, r.last_purchase_at, coalesce(r.purchases, 0) as purchase_count,
    coalesce(r.interactions, 0) as interaction_count, r.last_contact_at, r.last_contact_channel,
    (select json_agg(json_build_object('source', i.source, 'external_id', i.external_id))
       from customer_identity i where i.customer_id = c.id) as identities,
    (select json_agg(json_build_object('currency', s.currency, 'minor', s.amount_minor) order by s.currency)
       from customer_spend s where s.customer_id = c.id) as spend`;
const CUSTOMER_FROM = 'from customer c left join customer_rollup r on r.customer_id = c.id';
const CUSTOMER_WHERE = 'where c.id = any($1::uuid[])';

/** The customers module's part of the 360 for customers `$1` (uuid[]); the bench runs it bare. */
export const CUSTOMER_360_SQL = `select ${CUSTOMER_COLUMNS}, 0 as open_items ${CUSTOMER_FROM} ${CUSTOMER_WHERE}`;
nameStatement('customer-360', CUSTOMER_360_SQL);

/**
 * The whole 360 as one statement: the customers module's part plus what other modules registered
 * as SQL (open items; scores when asked for). Named per distinct text, so each connection plans
 * each variant once (registrations happen at start-up, so there are at most a few). The read
 * bench's bare side runs the same name and text, so it measures what the API's 360 needs.
 */
export function customer360Statement(withScores: boolean): { name: string; text: string } {
  const scores = withScores ? customerScoresProvider() : undefined;
  const join = openItemsJoin();
  if (!join && !scores) return { name: 'customer-360', text: CUSTOMER_360_SQL };
  const text = `select ${CUSTOMER_COLUMNS}, ${join ? 'coalesce(open_items.n, 0)' : '0'} as open_items
    ${scores ? `, ${scores.sql} as scores` : ''}
    ${CUSTOMER_FROM} ${join} ${CUSTOMER_WHERE}`;
  return { name: nameStatementByText('customer-360', text), text };
}

/**
 * Profile plus aggregates read from the rollups the timeline's trigger keeps (migration
 * 20261210040000-customer-rollups.sql): exact, and independent of how long the customer's
 * history is. One statement for everything the customers module owns (profile, identities,
 * rollup, spend per currency) for any number of customers: round trips, not rows, dominate this
 * read's cost, so a nightly pass over every customer reads a page per statement. Open items come
 * in the same statement; scores too with `withScores` (the 360 page), left out otherwise (batch
 * callers do not show them). Customers not found are absent from the map.
 */
export async function getCustomer360s(
  ctx: Pick<Ctx, 'db' | 'clock'>,
  ids: string[],
  opts: { withScores?: boolean } = {},
): Promise<Map<string, Customer360>> {
  if (ids.length === 0) return new Map();
  // Named: each connection plans it once instead of on every call.
  const result = await ctx.db.executeQuery<Row360>(
    CompiledQuery.raw(customer360Statement(!!opts.withScores).text, [ids]),
  );
  const provider = opts.withScores ? customerScoresProvider() : undefined;
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
        openItems: a.open_items,
      },
      ...(opts.withScores ? { scores: provider ? provider.fromJson(a.scores ?? null) : null } : {}),
    });
  }
  return out;
}

/** One customer's 360, with insight's scores when a provider is registered. */
export async function getCustomer360(ctx: Pick<Ctx, 'db' | 'clock'>, id: string): Promise<Customer360> {
  const c = (await getCustomer360s(ctx, [id], { withScores: true })).get(id);
  if (!c) throw notFound('Customer', id);
  return c;
}

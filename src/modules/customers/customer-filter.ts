import { type RawBuilder, sql } from 'kysely';
import { DAY_MS } from '../../kernel/clock.ts';
import type { Ctx } from '../../kernel/context.ts';
import {
  type HealthBand,
  healthBands,
  listScoresRelation,
  type PAliveBand,
  pAliveBands,
} from './customer-list-scores.ts';
import { savedSegmentCondition } from './saved-segment-filter.ts';
import type { CustomerStatus } from './tables.ts';

/** What picks customers in the list: free text, external id, status, owner, bands, contact. */
export type CustomerFilter = {
  query?: string;
  externalId?: string;
  idSource?: string;
  status?: CustomerStatus;
  ownerId?: string;
  health?: HealthBand;
  pAlive?: PAliveBand;
  /** Only customers with a conversation (CONTACT_KINDS) in the last N days. */
  contactedWithinDays?: number;
  /** Only customers without a conversation in the last N days (including never). */
  noContactForDays?: number;
  /** Only members of this saved segment (outreach's segments, through a registered filter). */
  segmentId?: string;
};

type ScoreColumn = 'health' | 'p_alive' | 'clv_minor';

export type BuiltFilter = {
  /** insight's scores relation, when a module provides one. */
  rel: ReturnType<typeof listScoresRelation>;
  /** Conditions that pick customers by text or external id: gathered first, behind a fence. */
  match: RawBuilder<unknown>[];
  /** Every other condition, on `c` (the customer) and, when `bandJoin`, `s` (its scores). */
  where: RawBuilder<unknown>[];
  /** The match is one `search_text like 'ab%'`, a range of the name index. */
  nameRange: boolean;
  bandJoin: boolean;
  unscored: (col: ScoreColumn) => RawBuilder<unknown> | undefined;
};

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Turns a list filter into SQL conditions, shared by the list, its total count and bulk actions
 * on "all matching" customers, so the three always agree. `null` means nobody can match.
 */
export async function buildCustomerFilter(
  ctx: Pick<Ctx, 'db' | 'clock'>,
  q: CustomerFilter,
): Promise<BuiltFilter | null> {
  const rel = listScoresRelation(ctx.db);
  /** Conditions that pick customers by text or external id: gathered first, behind a fence. */
  const match: RawBuilder<unknown>[] = [];
  const where: RawBuilder<unknown>[] = [];

  if (q.externalId !== undefined) {
    let idq = ctx.db
      .selectFrom('customer_identity')
      .select('customer_id')
      .where('external_id', '=', q.externalId);
    if (q.idSource) idq = idq.where('source', '=', q.idSource);
    const ids = (await idq.limit(1000).execute()).map((r) => r.customer_id);
    if (ids.length === 0) return null;
    match.push(sql`c.id = any(${ids}::uuid[])`);
  }
  const text = q.query?.trim() ?? '';
  const prefixOnly = text !== '' && text.length < 3;
  /** The match is one `search_text like 'ab%'`, a range of the name index. */
  let nameRange = prefixOnly && q.externalId === undefined;
  if (text !== '') {
    const lower = text.toLowerCase();
    const pattern = prefixOnly ? `${likeEscape(lower)}%` : `%${likeEscape(lower)}%`;
    const byId = await ctx.db
      .selectFrom('customer_identity')
      .select('customer_id')
      .where('external_id', '=', text)
      .limit(1000)
      .execute();
    if (byId.length) nameRange = false;
    // Two indexable conditions under OR: the planner ORs a trigram bitmap with a primary-key one.
    match.push(
      byId.length
        ? sql`(c.search_text like ${pattern} or c.id = any(${byId.map((r) => r.customer_id)}::uuid[]))`
        : sql`c.search_text like ${pattern}`,
    );
  }
  if (q.status) where.push(sql`c.status = ${q.status}`);
  if (q.ownerId) where.push(sql`c.owner_id = ${q.ownerId}::uuid`);

  /** No value of a score: no scores row, or a row without that score. An anti-join. */
  const unscored = (col: 'health' | 'p_alive' | 'clv_minor') =>
    rel
      ? sql`not exists (select 1 from (${rel}) s2 where s2.customer_id = c.id and ${sql.ref(`s2.${col}`)} is not null)`
      : undefined;
  // Band bounds are cast to the column's type so the (score, customer_id) indexes serve them.
  const inBand = (col: 'health' | 'p_alive', type: string, b: { min: number; below: number | null }) =>
    b.below === null
      ? sql`${sql.ref(`s.${col}`)} >= ${b.min}::${sql.raw(type)}`
      : sql`${sql.ref(`s.${col}`)} >= ${b.min}::${sql.raw(type)} and ${sql.ref(`s.${col}`)} < ${b.below}::${sql.raw(type)}`;
  let bandJoin = false;
  for (const [band, col, type, bounds] of [
    [q.health, 'health', 'smallint', q.health && q.health !== 'unscored' ? healthBands[q.health] : null],
    [q.pAlive, 'p_alive', 'real', q.pAlive && q.pAlive !== 'unscored' ? pAliveBands[q.pAlive] : null],
  ] as const) {
    if (!band) continue;
    if (bounds) {
      // Without a scores provider nobody has a score, so nobody is in a band.
      if (!rel) return null;
      where.push(inBand(col, type, bounds));
      bandJoin = true;
    } else {
      const cond = unscored(col);
      if (cond) where.push(cond);
    }
  }

  // A conversation since then exists exactly when the latest one (the rollup's) is that recent.
  const contactSince = (days: number) =>
    sql`coalesce((select r.last_contact_at from customer_rollup r where r.customer_id = c.id)
      >= ${new Date(ctx.clock.now().getTime() - days * DAY_MS)}, false)`;
  if (q.contactedWithinDays !== undefined) where.push(contactSince(q.contactedWithinDays));
  if (q.noContactForDays !== undefined) where.push(sql`not ${contactSince(q.noContactForDays)}`);

  if (q.segmentId !== undefined) {
    where.push(await savedSegmentCondition(ctx, q.segmentId));
    // The segment's condition may name scores (`s`); without a scores relation it names none.
    if (rel) bandJoin = true;
  }

  return { rel, match, where, nameRange, bandJoin, unscored };
}

/** The filter as a FROM clause and conditions: the matches fenced first, as the list does. */
export function filterSource(f: BuiltFilter): { source: RawBuilder<unknown>; conds: RawBuilder<unknown>[] } {
  const from = f.match.length
    ? sql`(select * from customer c where ${sql.join(f.match, sql` and `)} offset 0) c`
    : sql`customer c`;
  const join = f.bandJoin && f.rel ? sql`left join (${f.rel}) s on s.customer_id = c.id` : sql``;
  return { source: sql`${from} ${join}`, conds: f.where };
}

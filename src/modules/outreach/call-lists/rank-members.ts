import { sql } from 'kysely';
import type { Ctx } from '../../../kernel/context.ts';
import { segmentQuery } from '../segments/segment-query.ts';
import { callListBoostOf } from './call-list-boost.ts';

export type RankedMember = {
  id: string;
  name: string | null;
  phone: string | null;
  email: string | null;
  hasAddress: boolean;
  ownerId: string | null;
  timeZone: string | null;
  clvMinor: number | null;
  currency: string | null;
  churn: number | null;
  /** CLV × churn risk in minor units: the value at risk if nobody calls. */
  score: number;
};

/**
 * Today's members of a segment with what a call list orders them by: tier members first (a
 * registered boost), then value at risk, CLV × churn
 * risk, highest first (unscored customers last, then by id so the order is stable).
 */
export async function rankMembers(
  ctx: Pick<Ctx, 'db' | 'clock'>,
  segmentId: string,
): Promise<RankedMember[]> {
  const q = await segmentQuery(ctx, { segmentId });
  const rows = await sql<{
    id: string;
    name: string | null;
    phone: string | null;
    email: string | null;
    has_address: boolean;
    owner_id: string | null;
    time_zone: string | null;
    clv_minor: number | null;
    currency: string | null;
    churn: number | null;
  }>`
    select c.id, c.name, c.phones[1] as phone, c.emails[1] as email, c.address is not null as has_address,
      c.owner_id, c.time_zone, s.clv_minor::float8 as clv_minor, s.currency, s.churn_probability::float8 as churn
    from ${q.from} where ${q.where}`.execute(ctx.db);
  // Tier members first (their tier's rank), then value at risk.
  const boost = await callListBoostOf(
    ctx,
    rows.rows.map((r) => r.id),
  );
  const first = (id: string) => boost.get(id) ?? 0;
  return rows.rows
    .map((r) => ({
      id: r.id,
      name: r.name,
      phone: r.phone,
      email: r.email,
      hasAddress: r.has_address,
      ownerId: r.owner_id,
      timeZone: r.time_zone,
      clvMinor: r.clv_minor,
      currency: r.currency,
      churn: r.churn,
      score: (r.clv_minor ?? 0) * (r.churn ?? 0),
    }))
    .sort((a, b) => first(b.id) - first(a.id) || b.score - a.score || (a.id < b.id ? -1 : 1));
}

const money = (minor: number, currency: string | null) =>
  `${(minor / 100).toLocaleString('en', { maximumFractionDigits: 0 })} ${currency ?? ''}`.trim();

/** Why a customer is on the list, in words: "CLV 1,200 EUR × churn risk 40% = 480 EUR at risk". */
export function whyOf(m: RankedMember, listName: string): string {
  if (m.clvMinor === null || m.churn === null) return `in "${listName}"; not scored yet`;
  return `in "${listName}": CLV ${money(m.clvMinor, m.currency)} × churn risk ${Math.round(m.churn * 100)}% = ${money(m.score, m.currency)} at risk`;
}

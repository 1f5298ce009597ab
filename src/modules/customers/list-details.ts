import { type Expression, type Selectable, sql } from 'kysely';
import type { Ctx } from '../../kernel/context.ts';
import type { ListScoreColumns } from './customer-list-scores.ts';
import { toCustomerView } from './get-customer.ts';
import type { CustomerListRow } from './schemas.ts';
import type { CustomerTables } from './tables.ts';

/** A customer row of a list page, with its sort key as text (for the next page's cursor). */
export type PageRow = Selectable<CustomerTables['customer']> & { sort_value: string | null };

type DetailRow = {
  id: string;
  identities: { source: string; external_id: string }[];
  last_contact_at: Date | null;
  health: number | null;
  p_alive: number | null;
  clv_minor: number | null;
  currency: string | null;
  churn_probability: number | null;
  scored: boolean;
};

/** Identities, last conversation (from the rollup) and scores of one page's customers, in one statement. */
export async function addListDetails(
  ctx: Pick<Ctx, 'db'>,
  page: PageRow[],
  rel: Expression<ListScoreColumns> | undefined,
): Promise<CustomerListRow[]> {
  if (page.length === 0) return [];
  const ids = page.map((r) => r.id);
  const details = await sql<DetailRow>`
    select p.id,
      coalesce((select json_agg(json_build_object('source', i.source, 'external_id', i.external_id))
        from customer_identity i where i.customer_id = p.id), '[]') as identities,
      (select r.last_contact_at from customer_rollup r where r.customer_id = p.id) as last_contact_at,
      ${
        rel
          ? sql`s.health, s.p_alive, s.clv_minor, s.currency, s.churn_probability, s.customer_id is not null as scored`
          : sql`null::int as health, null::real as p_alive, null::bigint as clv_minor, null::text as currency,
              null::real as churn_probability, false as scored`
      }
    from unnest(${ids}::uuid[]) p(id)
    ${rel ? sql`left join (${rel}) s on s.customer_id = p.id` : sql``}`.execute(ctx.db);
  const byId = new Map(details.rows.map((d) => [d.id, d]));
  return page.map((r) => {
    const d = byId.get(r.id);
    return {
      ...toCustomerView(r, d?.identities ?? []),
      scores: d?.scored
        ? {
            health: d.health,
            pAlive: d.p_alive,
            clv:
              d.clv_minor === null || d.currency === null
                ? null
                : { minor: Number(d.clv_minor), currency: d.currency },
            churnProbability: d.churn_probability,
          }
        : null,
      lastContactAt: d?.last_contact_at ?? null,
    };
  });
}

import { sql } from 'kysely';
import type { Ctx } from '../../kernel/context.ts';
import type { Outcome } from './tables.ts';

export type CaseOutcome = {
  id: string;
  customerId: string;
  title: string;
  resolvedAt: Date;
  outcome: Outcome | null;
  /** Resolved without ever being reopened and with at most one completed contact task. */
  firstContactResolution: boolean;
};

/** Cases resolved in [from, to), for scorecards (save rate, first-contact resolution). */
export async function listCaseOutcomes(
  ctx: Pick<Ctx, 'db'>,
  q: { from: Date; to: Date; limit: number },
): Promise<CaseOutcome[]> {
  const rows = await ctx.db
    .selectFrom('loop_case as c')
    .select(['c.id', 'c.customer_id', 'c.title', 'c.resolved_at', 'c.outcome', 'c.cycle'])
    .select(
      sql<number>`(select count(*)::int from case_event e
        where e.customer_id = c.customer_id and e.case_id = c.id and e.kind = 'task-completed')`.as(
        'contacts',
      ),
    )
    .where('c.status', '=', 'resolved')
    .where('c.resolved_at', '>=', q.from)
    .where('c.resolved_at', '<', q.to)
    .orderBy('c.resolved_at')
    .limit(q.limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    customerId: r.customer_id,
    title: r.title,
    resolvedAt: r.resolved_at as Date,
    outcome: r.outcome,
    firstContactResolution: r.cycle === 0 && r.contacts <= 1,
  }));
}

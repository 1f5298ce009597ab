import type { Transaction } from 'kysely';
import type { Ctx } from '../../kernel/context.ts';
import type { Database } from '../../kernel/db/database.ts';
import { notFound } from '../../kernel/errors.ts';
import { toCaseView, toTaskView } from './case-view.ts';
import type { CaseDetail } from './schemas.ts';

/**
 * A case with the red flags that raised it, its tasks and its full history, oldest first. The
 * reads share one snapshot (a read-only repeatable-read transaction): read separately, a flag
 * committed in between showed up among the alerts but not yet in the history.
 */
export async function getCase(ctx: Pick<Ctx, 'db' | 'clock'>, id: string): Promise<CaseDetail> {
  return ctx.db
    .transaction()
    .setIsolationLevel('repeatable read')
    .setAccessMode('read only')
    .execute((trx) => readCase(trx, ctx.clock.now(), id));
}

async function readCase(db: Transaction<Database>, now: Date, id: string): Promise<CaseDetail> {
  const row = await db.selectFrom('loop_case').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('Case', id);
  const scope = { customer: row.customer_id, case: row.id };
  // One connection runs these one after the other; Promise.all only keeps the code flat.
  const [alerts, tasks, history] = await Promise.all([
    db
      .selectFrom('alert')
      .selectAll()
      .where('customer_id', '=', scope.customer)
      .where('case_id', '=', scope.case)
      .orderBy('id')
      .execute(),
    db
      .selectFrom('task')
      .selectAll()
      .where('customer_id', '=', scope.customer)
      .where('case_id', '=', scope.case)
      .orderBy('step_index')
      .execute(),
    db
      .selectFrom('case_event')
      .selectAll()
      .where('customer_id', '=', scope.customer)
      .where('case_id', '=', scope.case)
      .orderBy('id')
      .execute(),
  ]);
  return {
    ...toCaseView(row, now),
    alerts: alerts.map((a) => ({
      id: a.id,
      ruleId: a.rule_id,
      severity: a.severity,
      summary: a.summary,
      triggerKey: a.trigger_key,
      raisedAt: a.raised_at,
      event: a.event,
    })),
    tasks: tasks.map(toTaskView),
    history: history.map((h) => ({
      id: h.id,
      at: h.at,
      kind: h.kind,
      actorId: h.actor_id,
      details: h.details,
    })),
  };
}

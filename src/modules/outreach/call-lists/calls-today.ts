import type { Ctx } from '../../../kernel/context.ts';
import { localTimeNow } from './due-window.ts';
import type { CallItemView } from './schemas.ts';

/**
 * A rep's check-ins for a day (default today, UTC), open first in list order, then the done and
 * skipped ones: what the "Calls today" page shows. Held-out customers and those no channel
 * allows are not a rep's work and are left out. `repId: null` is the unassigned pool.
 */
export async function callsToday(
  ctx: Pick<Ctx, 'db' | 'clock'>,
  opts: { repId: string | null; day?: string },
): Promise<CallItemView[]> {
  const now = ctx.clock.now();
  const day = opts.day ?? now.toISOString().slice(0, 10);
  let q = ctx.db
    .selectFrom('call_item as i')
    .innerJoin('call_list as l', 'l.id', 'i.call_list_id')
    .innerJoin('customer as c', 'c.id', 'i.customer_id')
    .select([
      'i.id',
      'i.call_list_id',
      'l.name as list_name',
      'i.customer_id',
      'c.name as customer_name',
      'c.phones',
      'c.emails',
      'i.rep_id',
      'i.channel',
      'i.rank',
      'i.why',
      'i.instead_reason',
      'i.time_zone',
      'i.due_from',
      'i.due_to',
      'i.status',
      'i.outcome',
      'i.skip_reason',
      'i.completed_at',
    ])
    .where('i.day', '=', day)
    .where('i.status', 'in', ['open', 'done', 'skipped'])
    .where('c.erased_at', 'is', null);
  q = opts.repId ? q.where('i.rep_id', '=', opts.repId) : q.where('i.rep_id', 'is', null);
  const rows = await q.execute();
  const order = (s: string) => (s === 'open' ? 0 : 1);
  return rows
    .sort(
      (a, b) =>
        order(a.status) - order(b.status) || a.rank - b.rank || a.list_name.localeCompare(b.list_name),
    )
    .map((r) => ({
      id: r.id,
      callListId: r.call_list_id,
      listName: r.list_name,
      day,
      customerId: r.customer_id,
      customerName: r.customer_name,
      phone: r.phones[0] ?? null,
      email: r.emails[0] ?? null,
      repId: r.rep_id,
      channel: r.channel,
      rank: r.rank,
      why: r.why,
      insteadReason: r.instead_reason,
      timeZone: r.time_zone,
      localTimeNow: localTimeNow(now, r.time_zone),
      dueFrom: r.due_from?.toISOString() ?? null,
      dueTo: r.due_to?.toISOString() ?? null,
      status: r.status,
      outcome: r.outcome,
      skipReason: r.skip_reason,
      completedAt: r.completed_at?.toISOString() ?? null,
    }));
}

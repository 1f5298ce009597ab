import { sql } from 'kysely';
import type { InteractionListener, RecordedInteraction } from '../../customers/index.ts';

const taskChannel: Record<string, string> = { phone: 'phone', sms: 'sms', mail: 'post' };

/**
 * Inside the ingest transaction: a purchase within a win-back run's N days of a customer's
 * eligibility reactivates them in that run — once (the first purchase's time; later ones add
 * revenue in the same currency) and in both arms alike, so held-out customers are measured the
 * same way. A new touchpoint only reaches listeners once (duplicates are not recorded), so a
 * purchase delivered twice never counts twice. An outbound call, SMS or letter ticks off the
 * customer's open win-back task on that channel.
 * At most two statements per batch, whatever its size (an ingest batch holds hundreds of
 * purchases): the result is the same as taking the touchpoints one by one in batch order.
 */
export const countWinbackReactivation: InteractionListener = async (_ctx, trx, recorded) => {
  const purchases = recorded.filter((i) => i.kind === 'purchase');
  const contacts = recorded.flatMap((i, ord) => {
    const channel = taskChannel[i.channel];
    return channel && i.direction === 'outbound' && i.kind !== 'purchase' ? [{ ord, i, channel }] : [];
  });
  if (purchases.length) await reactivate(trx, purchases);
  if (contacts.length === 0) return;
  const col = <T>(f: (c: (typeof contacts)[number]) => T) => contacts.map(f);
  // The first contact in the batch that falls after eligibility completes the task.
  await sql`
    update winback_contact w set status = 'done', contacted_at = q.at
    from (
      select distinct on (w2.id) w2.id, u.at
      from unnest(${col((c) => c.ord)}::int[], ${col((c) => c.i.customerId)}::uuid[], ${col((c) => c.channel)}::text[],
        ${col((c) => c.i.occurredAt.toISOString())}::timestamptz[]) as u(ord, customer_id, channel, at)
      join winback_contact w2 on w2.customer_id = u.customer_id and w2.status = 'task' and w2.channel = u.channel
        and w2.eligible_at <= u.at
      order by w2.id, u.ord
    ) q
    where w.id = q.id and w.status = 'task'`.execute(trx);
};

/**
 * Per matching contact: the earliest purchase reactivates, the first currency seen (the
 * contact's own, else the batch's first) is kept, and purchases in that currency add revenue.
 */
async function reactivate(trx: Parameters<InteractionListener>[1], purchases: RecordedInteraction[]) {
  const col = <T>(f: (p: RecordedInteraction) => T) => purchases.map(f);
  await sql`
    with m as (
      select w.id, w.currency as had, u.ord, u.at, u.currency, coalesce(u.amount, 0) as amount
      from unnest(${col((p) => p.customerId)}::uuid[], ${col((p) => p.occurredAt.toISOString())}::timestamptz[],
        ${col((p) => p.currency)}::text[], ${col((p) => p.amountMinor ?? null)}::bigint[])
        with ordinality as u(customer_id, at, currency, amount, ord)
      join winback_contact w on w.customer_id = u.customer_id and u.at >= w.eligible_at
      join winback_run r on r.id = w.run_id and u.at < w.eligible_at + make_interval(days => r.reactivation_days)
    ), c as (
      select id, min(at) as first_at,
        coalesce(min(had), (array_agg(currency order by ord) filter (where currency is not null))[1]) as cur
      from m group by id
    )
    update winback_contact w set
      reactivated_at = least(coalesce(w.reactivated_at, c.first_at), c.first_at),
      currency = c.cur,
      revenue_minor = w.revenue_minor
        + coalesce((select sum(m.amount) from m where m.id = c.id and m.currency is not distinct from c.cur), 0)
    from c where w.id = c.id`.execute(trx);
}

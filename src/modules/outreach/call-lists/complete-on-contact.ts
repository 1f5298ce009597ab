import { sql } from 'kysely';
import type { InteractionListener } from '../../customers/index.ts';

const channelOf: Record<string, string> = { phone: 'phone', email: 'email', sms: 'sms', mail: 'post' };

/**
 * Ticks off a customer's open check-in when the contact it asked for is logged: an outbound
 * phone call completes a call item, an outbound email an email item (SMS and letters the same),
 * on the item's day (UTC). Runs inside the ingest transaction, so the item is done exactly when
 * the touchpoint exists; the outcome the rep logged ("well", "okay", "badly") is kept.
 * One statement per batch (an ingest batch can hold hundreds of outbound emails): when several
 * contacts match one item, the first in the batch completes it, as if they came one by one.
 */
export const completeCallItems: InteractionListener = async (_ctx, trx, recorded) => {
  const contacts = recorded.flatMap((i, ord) => {
    const channel = channelOf[i.channel];
    if (!channel || i.direction !== 'outbound') return [];
    const outcome = typeof i.properties.outcome === 'string' ? i.properties.outcome.slice(0, 40) : null;
    return [{ ord, customerId: i.customerId, channel, at: i.occurredAt.toISOString(), outcome }];
  });
  if (contacts.length === 0) return;
  const col = <T>(f: (c: (typeof contacts)[number]) => T) => contacts.map(f);
  await sql`
    update call_item c set status = 'done', completed_at = q.at, outcome = q.outcome
    from (
      select distinct on (i.id) i.id, u.at, u.outcome
      from unnest(${col((c) => c.ord)}::int[], ${col((c) => c.customerId)}::uuid[], ${col((c) => c.channel)}::text[],
        ${col((c) => c.at)}::timestamptz[], ${col((c) => c.outcome)}::text[]) as u(ord, customer_id, channel, at, outcome)
      join call_item i on i.customer_id = u.customer_id and i.status = 'open' and i.channel = u.channel
        and i.day = (u.at at time zone 'UTC')::date
      order by i.id, u.ord
    ) q
    where c.id = q.id and c.status = 'open'`.execute(trx);
};

import { sql } from 'kysely';
import type { InteractionListener } from '../../customers/index.ts';

/**
 * Ticks off a customer's open check-in when the contact it asked for is logged: an outbound
 * phone call completes a call item, an outbound email an email item (SMS and letters the same),
 * on the item's day (UTC). Runs inside the ingest transaction, so the item is done exactly when
 * the touchpoint exists; the outcome the rep logged ("well", "okay", "badly") is kept.
 */
export const completeCallItems: InteractionListener = async (_ctx, trx, recorded) => {
  const channelOf: Record<string, string> = { phone: 'phone', email: 'email', sms: 'sms', mail: 'post' };
  for (const i of recorded) {
    const channel = channelOf[i.channel];
    if (!channel || i.direction !== 'outbound') continue;
    const outcome = typeof i.properties.outcome === 'string' ? i.properties.outcome.slice(0, 40) : null;
    await sql`
      update call_item set status = 'done', completed_at = ${i.occurredAt}, outcome = ${outcome}
      where customer_id = ${i.customerId} and status = 'open' and channel = ${channel}
        and day = (${i.occurredAt}::timestamptz at time zone 'UTC')::date`.execute(trx);
  }
};

import { sql } from 'kysely';
import type { InteractionListener } from '../../customers/index.ts';

const taskChannel: Record<string, string> = { phone: 'phone', sms: 'sms', mail: 'post' };

/**
 * Inside the ingest transaction: a purchase within a win-back run's N days of a customer's
 * eligibility reactivates them in that run — once (the first purchase's time; later ones add
 * revenue in the same currency) and in both arms alike, so held-out customers are measured the
 * same way. A new touchpoint only reaches listeners once (duplicates are not recorded), so a
 * purchase delivered twice never counts twice. An outbound call, SMS or letter ticks off the
 * customer's open win-back task on that channel.
 */
export const countWinbackReactivation: InteractionListener = async (_ctx, trx, recorded) => {
  for (const i of recorded) {
    if (i.kind === 'purchase') {
      const amount = i.amountMinor ?? 0;
      await sql`
        update winback_contact w set
          reactivated_at = least(coalesce(w.reactivated_at, ${i.occurredAt}), ${i.occurredAt}),
          currency = coalesce(w.currency, ${i.currency}),
          revenue_minor = w.revenue_minor + case
            when coalesce(w.currency, ${i.currency}) is not distinct from ${i.currency} then ${amount}::bigint else 0 end
        from winback_run r
        where r.id = w.run_id and w.customer_id = ${i.customerId}
          and ${i.occurredAt} >= w.eligible_at
          and ${i.occurredAt} < w.eligible_at + make_interval(days => r.reactivation_days)`.execute(trx);
      continue;
    }
    const channel = taskChannel[i.channel];
    if (!channel || i.direction !== 'outbound') continue;
    await sql`
      update winback_contact set status = 'done', contacted_at = ${i.occurredAt}
      where customer_id = ${i.customerId} and status = 'task' and channel = ${channel}
        and eligible_at <= ${i.occurredAt}`.execute(trx);
  }
};

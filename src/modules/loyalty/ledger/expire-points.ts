import { sql } from 'kysely';
import { type Ctx, defineJob } from '../../../kernel/context.ts';
import { computeLots } from './compute-lots.ts';
import { lockCustomerPoints } from './customer-lock.ts';
import { addMonths, getLoyaltySettings } from './loyalty-settings.ts';

/**
 * Expires what is left of every lot whose time has come, oldest first, one 'expire' entry per lot
 * keyed `expire:<lot id>`: a rerun, or two workers at once, expire nothing twice (the customer's
 * lock serialises them, the key refuses a second entry). The entry is dated when the lot expired.
 */
export async function expirePoints(
  ctx: Pick<Ctx, 'db' | 'clock'>,
): Promise<{ customers: number; entries: number; points: number }> {
  const settings = await getLoyaltySettings(ctx.db);
  const result = { customers: 0, entries: 0, points: 0 };
  if (settings.expiry === 'none') return result;
  const now = ctx.clock.now();
  const cutoff = addMonths(now, -settings.expiryMonths);
  // Candidates: anyone with a lot old enough (fixed) or no activity since the cutoff (inactivity).
  const candidates =
    settings.expiry === 'fixed'
      ? await sql<{ customer_id: string }>`
          select distinct customer_id from loyalty_ledger
          where kind in ('earn', 'adjust') and points > 0 and effective_at <= ${cutoff}`.execute(ctx.db)
      : await sql<{ customer_id: string }>`
          select customer_id from loyalty_ledger group by customer_id
          having max(effective_at) filter (where kind in ('earn', 'spend')) <= ${cutoff}
            and sum(points) > 0`.execute(ctx.db);
  for (const { customer_id: customerId } of candidates.rows) {
    const n = await ctx.db.transaction().execute(async (trx) => {
      await lockCustomerPoints(trx, customerId);
      const rows = await trx
        .selectFrom('loyalty_ledger')
        .select(['id', 'points', 'kind', 'effective_at', 'available_at', 'properties'])
        .where('customer_id', '=', customerId)
        .execute();
      const due = computeLots(rows, settings).filter(
        (l) => l.expiresAt && l.expiresAt <= now && l.availableAt <= now,
      );
      let entries = 0;
      let points = 0;
      for (const lot of due) {
        const at = lot.expiresAt as Date;
        const r = await trx
          .insertInto('loyalty_ledger')
          .values({
            customer_id: customerId,
            points: -lot.left,
            reason:
              settings.expiry === 'fixed'
                ? `Expired ${settings.expiryMonths} months after earning`
                : `Expired after ${settings.expiryMonths} months without activity`,
            source: 'expiry',
            idempotency_key: `expire:${lot.id}`,
            kind: 'expire',
            properties: JSON.stringify({ lotId: lot.id }),
            effective_at: at,
            available_at: at,
          })
          .onConflict((oc) => oc.columns(['customer_id', 'idempotency_key']).doNothing())
          .returning('id')
          .executeTakeFirst();
        if (r) {
          entries++;
          points += lot.left;
        }
      }
      return { entries, points };
    });
    if (n.entries) result.customers++;
    result.entries += n.entries;
    result.points += n.points;
  }
  return result;
}

export const expirePointsJob = defineJob<Record<string, never>>({
  name: 'loyalty.expire-points',
  cron: '40 2 * * *',
  handle: (ctx) => expirePoints(ctx),
});

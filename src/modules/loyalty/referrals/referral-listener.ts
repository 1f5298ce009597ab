import { sql } from 'kysely';
import type { InteractionListener, RecordedInteraction } from '../../customers/index.ts';
import { creditReferralJob } from './credit-referral.ts';
import { getReferralSettings } from './get-referral-settings.ts';
import { recordReferral } from './record-referral.ts';

// The event properties that carry a referral code (any event kind: "Signed Up", a purchase…).
const CODE_KEYS = new Set(['referralcode', 'referrercode', 'refcode']);
const normalise = (k: string) => k.toLowerCase().replace(/[_-]/g, '');

/** The referral code an event carries, if any. */
export function referralCodeOf(i: Pick<RecordedInteraction, 'properties'>): string | null {
  for (const [k, v] of Object.entries(i.properties ?? {}))
    if (CODE_KEYS.has(normalise(k)) && typeof v === 'string' && v.trim().length > 0 && v.length <= 64)
      return v.trim();
  return null;
}

/**
 * Referrals through ingest, inside the ingest transaction. An event carrying `referralCode`
 * records the referral (or the refusal and its reason, visible by API). Then the first purchase
 * of a referred customer claims the referral (one UPDATE, row-locked: of two purchases in
 * parallel only one claims it; a retried, duplicate purchase never reaches a listener) and
 * queues the credit job with the transaction, so the credit exists exactly when the purchase does.
 * Refunds do nothing: the credit stands, nothing is granted twice.
 */
export const referralListener: InteractionListener = async (ctx, trx, recorded) => {
  const db = { db: trx };
  for (const i of recorded) {
    const code = referralCodeOf(i);
    if (!code) continue;
    await recordReferral(
      db,
      {
        code,
        referredId: i.customerId,
        source: 'ingest',
        sourceRef: `${i.source}:${i.sourceId}`,
        at: i.occurredAt,
      },
      { persistRefusal: true },
    );
  }
  const purchases = recorded.filter((i) => i.kind === 'purchase');
  if (purchases.length === 0) return;
  // The earliest purchase of each customer in this batch is the one that can be their first.
  const first = new Map<string, RecordedInteraction>();
  for (const p of purchases) {
    const prev = first.get(p.customerId);
    if (!prev || p.occurredAt < prev.occurredAt) first.set(p.customerId, p);
  }
  const settings = await getReferralSettings(db);
  const claimed = await sql<{ id: number }>`
    update loyalty_referral r set
      credited_on = q.ref, first_purchase_at = q.at,
      referrer_points = ${settings.referrerPoints}, referee_points = ${settings.refereePoints}
    from unnest(${[...first.keys()]}::uuid[], ${[...first.values()].map((p) => `${p.source}:${p.sourceId}`)}::text[],
      ${[...first.values()].map((p) => p.occurredAt.toISOString())}::timestamptz[]) as q(customer_id, ref, at)
    where r.referred_id = q.customer_id and r.status = 'accepted' and r.credited_on is null
      and q.at >= r.recorded_at
    returning r.id`.execute(trx);
  for (const row of claimed.rows)
    await ctx.queue.send(creditReferralJob, { referralId: Number(row.id) }, { trx });
};

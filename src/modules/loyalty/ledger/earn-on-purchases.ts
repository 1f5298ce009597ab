import { sql } from 'kysely';
import type { InteractionListener, RecordedInteraction } from '../../customers/index.ts';
import { loadEarnRules } from './earn-rules.ts';
import { evaluatePurchases } from './evaluate-purchases.ts';
import { addDays, getLoyaltySettings } from './loyalty-settings.ts';

export const purchaseKey = (interactionId: number) => `purchase:${interactionId}`;

/**
 * Earns points for new purchases inside the ingest transaction: the purchase and its points
 * commit together or not at all, and a retried or re-imported purchase is a duplicate that never
 * reaches a listener, while the ledger's unique (customer, `purchase:<interaction id>`) key makes
 * a second earn impossible anyway. Wired for bulk imports too (it is bookkeeping, not real-time
 * work): `tenure import` of purchases earns their points, once. Purchase earnings are not copied
 * to the timeline, where the purchase already is; the 360's Loyalty panel shows them.
 */
export const earnOnPurchases: InteractionListener = async (_ctx, trx, recorded) => {
  const purchases = recorded.filter(
    (i): i is RecordedInteraction & { id: number } =>
      i.kind === 'purchase' && i.id !== undefined && (i.amountMinor ?? 0) > 0,
  );
  if (purchases.length > 0) {
    const rules = await loadEarnRules(trx);
    const earned = (await evaluatePurchases({ db: trx }, rules, purchases)).filter((e) => e.points > 0);
    if (earned.length > 0) {
      const { pendingDays } = await getLoyaltySettings(trx);
      const col = <T>(f: (e: (typeof earned)[number]) => T) => earned.map(f);
      await sql`
        insert into loyalty_ledger (customer_id, points, reason, source, idempotency_key, kind, properties,
          effective_at, available_at)
        select customer_id, points, 'Purchase', 'purchase', key, 'earn', properties, at, available
        from unnest(${col((e) => e.purchase.customerId)}::uuid[], ${col((e) => e.points)}::int[],
          ${col((e) => purchaseKey(e.purchase.id))}::text[],
          ${col((e) =>
            JSON.stringify({
              interactionId: e.purchase.id,
              source: e.purchase.source,
              sourceId: e.purchase.sourceId,
              amountMinor: e.purchase.amountMinor,
              currency: e.purchase.currency,
              rules: e.rules,
            }),
          )}::jsonb[],
          ${col((e) => e.purchase.occurredAt.toISOString())}::timestamptz[],
          ${col((e) => addDays(e.purchase.occurredAt, pendingDays).toISOString())}::timestamptz[])
          as u(customer_id, points, key, properties, at, available)
        on conflict (customer_id, idempotency_key) do nothing`.execute(trx);
    }
  }
  await cancelOnRefunds(trx, recorded);
};

/** The purchase a refund names: `properties.purchaseSourceId`, or the line-item import's `refund-X` ↔ `order-X`. */
function purchaseSourceIdOf(refund: RecordedInteraction): string | undefined {
  const named = refund.properties?.purchaseSourceId;
  if (typeof named === 'string' && named) return named;
  if (refund.sourceId.startsWith('refund-')) return `order-${refund.sourceId.slice('refund-'.length)}`;
  return undefined;
}

/**
 * A refund of a purchase whose points are still pending when it happens cancels them with one
 * 'cancel' entry (key `cancel:<earn key>`: a second refund of the same purchase cancels nothing).
 * The cancel shares the earn's available_at, so the cancelled points are never spendable. A
 * refund after the pending period leaves the points: that is what the pending period is for.
 */
async function cancelOnRefunds(trx: Parameters<InteractionListener>[1], recorded: RecordedInteraction[]) {
  const refunds = recorded
    .filter((i) => i.kind === 'refund')
    .map((r) => ({ r, purchase: purchaseSourceIdOf(r) }))
    .filter((x): x is { r: RecordedInteraction; purchase: string } => x.purchase !== undefined);
  if (refunds.length === 0) return;
  await sql`
    insert into loyalty_ledger (customer_id, points, reason, source, idempotency_key, kind, properties,
      effective_at, available_at)
    select l.customer_id, -l.points, 'Purchase refunded', 'purchase', 'cancel:' || l.idempotency_key, 'cancel',
      jsonb_build_object('earnEntryId', l.id, 'refundSourceId', u.refund_source_id), u.at, l.available_at
    from unnest(${refunds.map((x) => x.r.customerId)}::uuid[], ${refunds.map((x) => x.r.source)}::text[],
      ${refunds.map((x) => x.purchase)}::text[], ${refunds.map((x) => x.r.sourceId)}::text[],
      ${refunds.map((x) => x.r.occurredAt.toISOString())}::timestamptz[])
      as u(customer_id, source, purchase_source_id, refund_source_id, at)
    join loyalty_ledger l on l.customer_id = u.customer_id and l.kind = 'earn' and l.source = 'purchase'
      and l.properties->>'source' = u.source and l.properties->>'sourceId' = u.purchase_source_id
    where u.at < l.available_at
    on conflict (customer_id, idempotency_key) do nothing`.execute(trx);
}

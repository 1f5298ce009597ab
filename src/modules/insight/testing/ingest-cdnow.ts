import type { Ctx } from '../../../kernel/context.ts';
import { recordInteractions } from '../../customers/index.ts';
import { loadCdnowPurchases } from './load-cdnow.ts';

/**
 * Puts the CDNOW sample on real timelines: one purchase interaction per line, external id = sample
 * id; `currency` (default USD) is what the amounts are recorded in.
 */
export async function ingestCdnow(ctx: Pick<Ctx, 'db'>, opts: { currency?: string } = {}): Promise<number> {
  const purchases = loadCdnowPurchases();
  for (let i = 0; i < purchases.length; i += 1000) {
    const batch = purchases.slice(i, i + 1000).map((p, k) => ({
      customer: { source: 'cdnow', externalId: String(p.id) },
      source: 'cdnow',
      sourceId: String(i + k),
      channel: 'web' as const,
      kind: 'purchase',
      occurredAt: new Date(`${p.date}T12:00:00Z`),
      amountMinor: Math.round(p.dollars * 100),
      currency: opts.currency ?? 'USD',
    }));
    await recordInteractions(ctx, batch);
  }
  return purchases.length;
}

import type { LoyaltySettings } from './loyalty-settings.ts';
import { addMonths } from './loyalty-settings.ts';

export type LedgerRow = {
  id: number;
  points: number;
  kind: 'earn' | 'spend' | 'expire' | 'cancel' | 'adjust';
  effective_at: Date;
  available_at: Date;
  properties: Record<string, unknown>;
};

/** What is left of one earned (or positively adjusted) lot, and when that remainder expires. */
export type Lot = { id: number; earnedAt: Date; availableAt: Date; left: number; expiresAt: Date | null };

const lotOf = (e: LedgerRow, key: string): number | undefined => {
  const v = e.properties?.[key];
  return typeof v === 'number' ? v : undefined;
};

/**
 * The oldest points go first. Each lot loses what names it (its cancel, its expiry); spends and
 * negative adjustments then eat the lots oldest first. An expiry always takes exactly what was
 * left of its lot, so recomputing after it gives the same answer for every other lot.
 */
export function computeLots(rows: readonly LedgerRow[], settings: LoyaltySettings): Lot[] {
  const sorted = [...rows].sort((a, b) => a.effective_at.getTime() - b.effective_at.getTime() || a.id - b.id);
  const lots = new Map<number, Lot>();
  for (const e of sorted)
    if ((e.kind === 'earn' || e.kind === 'adjust') && e.points > 0)
      lots.set(e.id, {
        id: e.id,
        earnedAt: e.effective_at,
        availableAt: e.available_at,
        left: e.points,
        expiresAt: null,
      });
  let consumed = 0;
  let lastActivity: Date | null = null;
  for (const e of sorted) {
    const own =
      e.kind === 'cancel' ? lotOf(e, 'earnEntryId') : e.kind === 'expire' ? lotOf(e, 'lotId') : undefined;
    const lot = own === undefined ? undefined : lots.get(own);
    if (lot) lot.left += e.points;
    else if (e.points < 0) consumed -= e.points;
    if (e.kind === 'earn' || e.kind === 'spend') lastActivity = e.effective_at;
  }
  for (const lot of lots.values()) {
    if (consumed <= 0) break;
    const take = Math.min(Math.max(lot.left, 0), consumed);
    lot.left -= take;
    consumed -= take;
  }
  const out = [...lots.values()].filter((l) => l.left > 0);
  for (const l of out) {
    if (settings.expiry === 'fixed') l.expiresAt = addMonths(l.earnedAt, settings.expiryMonths);
    else if (settings.expiry === 'inactivity' && lastActivity)
      l.expiresAt = addMonths(lastActivity, settings.expiryMonths);
  }
  return out;
}

import type { Ctx } from '../../../kernel/context.ts';
import type { Db } from '../../../kernel/db/pool.ts';

export type LoyaltySettings = {
  /** Days after a purchase before its points can be spent (a refund within them cancels them). */
  pendingDays: number;
  /** 'fixed': each lot expires expiryMonths after it was earned; 'inactivity': everything left
   * expires expiryMonths after the customer last earned or spent. */
  expiry: 'none' | 'fixed' | 'inactivity';
  expiryMonths: number;
};

export async function getLoyaltySettings(db: Db): Promise<LoyaltySettings> {
  const r = await db.selectFrom('loyalty_settings').selectAll().executeTakeFirst();
  return {
    pendingDays: r?.pending_days ?? 0,
    expiry: r?.expiry ?? 'none',
    expiryMonths: r?.expiry_months ?? 12,
  };
}

export async function saveLoyaltySettings(
  ctx: Pick<Ctx, 'db' | 'clock'>,
  s: LoyaltySettings,
): Promise<LoyaltySettings> {
  await ctx.db
    .insertInto('loyalty_settings')
    .values({ id: true, pending_days: s.pendingDays, expiry: s.expiry, expiry_months: s.expiryMonths })
    .onConflict((oc) =>
      oc.column('id').doUpdateSet({
        pending_days: s.pendingDays,
        expiry: s.expiry,
        expiry_months: s.expiryMonths,
        updated_at: ctx.clock.now(),
      }),
    )
    .execute();
  return getLoyaltySettings(ctx.db);
}

const DAY = 86_400_000;
export const addDays = (d: Date, days: number): Date => new Date(d.getTime() + days * DAY);
export function addMonths(d: Date, months: number): Date {
  const out = new Date(d);
  out.setUTCMonth(out.getUTCMonth() + months);
  return out;
}

import type { Ctx } from '../../../kernel/context.ts';

export type Period = { customerId: string; ownerId: string; from: Date; to: Date | null };

/** Ownership periods of these reps that overlap [from, to). */
export async function ownershipPeriods(
  ctx: Pick<Ctx, 'db'>,
  staffIds: string[],
  from: Date,
  to: Date,
): Promise<Period[]> {
  if (!staffIds.length) return [];
  const rows = await ctx.db
    .selectFrom('people_ownership')
    .select(['customer_id', 'owner_id', 'valid_from', 'valid_to'])
    .where('owner_id', 'in', staffIds)
    .where('valid_from', '<', to)
    .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>', from)]))
    .execute();
  return rows.map((r) => ({
    customerId: r.customer_id,
    ownerId: r.owner_id,
    from: r.valid_from,
    to: r.valid_to,
  }));
}

/** Who (of these periods) owned the customer at instant t; undefined when none of them did. */
export function ownerAt(byCustomer: Map<string, Period[]>, customerId: string, t: Date): string | undefined {
  for (const p of byCustomer.get(customerId) ?? [])
    if (p.from <= t && (p.to === null || t < p.to)) return p.ownerId;
  return undefined;
}

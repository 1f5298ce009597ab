import type { Ctx } from '../../kernel/context.ts';
import { assignOwner } from './assign-owner.ts';
import type { Actor } from './update-customer.ts';

const CHUNK = 1000;

/**
 * Gives every customer owned by `fromId` to `toId` (when a staff member leaves), through the same
 * path as a bulk owner change, so each customer's timeline says who handed it to whom. Runs in
 * chunks of 1,000 customers, each its own transaction; running it again finishes an interrupted
 * hand-over. Returns how many customers changed owner.
 */
export async function handOverCustomers(
  ctx: Pick<Ctx, 'db' | 'clock'>,
  fromId: string,
  toId: string,
  actor: Actor,
): Promise<number> {
  let moved = 0;
  for (;;) {
    const rows = await ctx.db
      .selectFrom('customer')
      .select('id')
      .where('owner_id', '=', fromId)
      .orderBy('id')
      .limit(CHUNK)
      .execute();
    if (!rows.length) return moved;
    const result = await assignOwner(ctx, { customerIds: rows.map((r) => r.id), ownerId: toId }, actor);
    moved += result.changedIds.length;
    if (!result.changedIds.length) return moved;
  }
}

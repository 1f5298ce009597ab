import { v7 as uuidv7 } from 'uuid';
import type { Ctx } from '../../kernel/context.ts';
import type { Db } from '../../kernel/db/pool.ts';
import { AppError } from '../../kernel/errors.ts';
import { notifyOwnerChanged } from './owner-change-listeners.ts';
import type { Actor } from './update-customer.ts';

export type OwnerAssignment = {
  /** Customers whose owner changed. */
  changedIds: string[];
  /** Customers that already had this owner: nothing written for them. */
  unchanged: number;
};

const MAX_LISTED = 10;

/**
 * Gives many customers the same owner (or none) in one transaction. Like a single update, each
 * customer whose owner actually changes gets a `profile-update` on its timeline saying from whom
 * to whom; customers that already have that owner are left alone. Unknown customers or an
 * unknown or deactivated owner change nothing. `inTransaction` runs before the commit (the
 * route writes its one audit entry there, so the entry and the change commit together).
 */
export async function assignOwner(
  ctx: Pick<Ctx, 'db' | 'clock'>,
  input: {
    customerIds: string[];
    ownerId: string | null;
    /** Why (e.g. the assignment rule, a rebalancing); shown on the timeline. */
    reason?: string;
    /** Change only customers whose owner is still this (null: unowned), so a stale plan never overrides a newer choice. */
    onlyFrom?: string | null;
    /** A hand-over note per customer id, kept on that customer's timeline entry. */
    notes?: Record<string, string>;
  },
  actor: Actor,
  inTransaction?: (trx: Db, result: OwnerAssignment) => Promise<void>,
): Promise<OwnerAssignment> {
  const ids = [...new Set(input.customerIds)].sort();
  const { ownerId } = input;
  if (ownerId) {
    const owner = await ctx.db
      .selectFrom('staff')
      .select(['id', 'name', 'active'])
      .where('id', '=', ownerId)
      .executeTakeFirst();
    if (!owner) throw new AppError('validation_failed', `ownerId: is not a staff member (${ownerId})`);
    if (!owner.active) {
      throw new AppError(
        'validation_failed',
        `ownerId: ${owner.name} is deactivated; pick an active colleague`,
      );
    }
  }
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    // Locked in id order, so two bulk assignments over overlapping customers cannot deadlock.
    const found = await trx
      .selectFrom('customer')
      .select(['id', 'owner_id'])
      .where('id', 'in', ids)
      .orderBy('id')
      .forUpdate()
      .execute();
    if (found.length < ids.length) {
      const known = new Set(found.map((r) => r.id));
      const unknown = ids.filter((id) => !known.has(id));
      const listed = unknown.slice(0, MAX_LISTED).join(', ');
      const more = unknown.length > MAX_LISTED ? ` and ${unknown.length - MAX_LISTED} more` : '';
      throw new AppError(
        'validation_failed',
        `${unknown.length === 1 ? '1 of the customers does' : `${unknown.length} of the customers do`} not exist (any more): ${listed}${more}. Nothing was changed.`,
        { unknownCustomerIds: unknown },
      );
    }
    const changed = found.filter(
      (r) => r.owner_id !== ownerId && (input.onlyFrom === undefined || r.owner_id === input.onlyFrom),
    );
    const result = { changedIds: changed.map((r) => r.id), unchanged: found.length - changed.length };
    if (changed.length) {
      await trx
        .updateTable('customer')
        .set({ owner_id: ownerId, updated_at: now })
        .where('id', 'in', result.changedIds)
        .execute();
      await trx
        .insertInto('interaction')
        .values(
          changed.map((r) => ({
            customer_id: r.id,
            occurred_at: now,
            channel: 'system' as const,
            kind: 'profile-update',
            direction: 'internal' as const,
            staff_id: actor.staffId ?? null,
            subject: 'Updated ownerId',
            properties: JSON.stringify({
              changes: { ownerId: { from: r.owner_id, to: ownerId } },
              ...(input.reason ? { reason: input.reason } : {}),
              ...(input.notes?.[r.id] ? { note: input.notes[r.id] } : {}),
              ...(actor.apiKeyId ? { apiKeyId: actor.apiKeyId } : {}),
            }),
            source: 'tenure',
            source_id: uuidv7(),
          })),
        )
        .execute();
      await notifyOwnerChanged(
        trx,
        changed.map((r) => ({
          customerId: r.id,
          fromId: r.owner_id,
          toId: ownerId,
          at: now,
          actorStaffId: actor.staffId ?? null,
          reason: input.reason ?? null,
        })),
      );
    }
    await inTransaction?.(trx, result);
    return result;
  });
}

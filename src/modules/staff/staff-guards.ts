import type { Db } from '../../kernel/db/pool.ts';
import { AppError, notFound } from '../../kernel/errors.ts';

/** Locks and returns a staff row inside a transaction. */
export async function lockStaff(trx: Db, id: string) {
  const row = await trx.selectFrom('staff').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  if (!row) throw notFound('Staff member', id);
  return row;
}

/**
 * Refuses a change that would leave no active admin (nobody could manage staff any more).
 * The active admins are locked, so two admins demoting each other at once cannot both succeed.
 */
export async function assertOtherActiveAdmin(trx: Db, id: string, what: string): Promise<void> {
  const admins = await trx
    .selectFrom('staff')
    .select('id')
    .where('role', '=', 'admin')
    .where('active', '=', true)
    .orderBy('id')
    .forUpdate()
    .execute();
  if (!admins.some((a) => a.id !== id)) {
    throw new AppError('conflict', `Cannot ${what}: they are the last active admin`);
  }
}

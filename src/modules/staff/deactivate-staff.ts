import type { Ctx } from '../../kernel/context.ts';
import { AppError } from '../../kernel/errors.ts';
import { type StaffView, toStaffView } from './create-staff.ts';
import { runHandOver } from './hand-over.ts';
import { type AuditBy, recordAuditBy } from './record-audit.ts';
import { forgetStaffSessions } from './session-cache.ts';
import { assertOtherActiveAdmin, lockStaff } from './staff-guards.ts';

export type Deactivation = {
  staff: StaffView;
  /** What moved to the colleague, per kind (customers, cases, tasks). */
  handedOver: Record<string, number>;
  /** API keys they created: revoked if asked, otherwise still working (listed for review). */
  apiKeys: { id: string; name: string; prefix: string; revoked: boolean }[];
};

/**
 * Offboards a staff member: they can no longer sign in and every session of theirs ends at once
 * (in this process at once; other processes drop their cached copy within SESSION_CACHE_MS). Their customers and open cases (with open
 * tasks) go to `handOverTo`. API keys they created keep working unless `revokeApiKeys`: keys
 * belong to integrations, and silently cutting off ingest is worse than an admin's review.
 * Running it again on someone already deactivated finishes an interrupted hand-over.
 */
export async function deactivateStaff(
  ctx: Ctx,
  id: string,
  input: { handOverTo: string; revokeApiKeys: boolean; reason?: string },
  by: AuditBy,
): Promise<Deactivation> {
  if (by.actor?.kind === 'staff' && by.actor.id === id) {
    throw new AppError('conflict', 'You cannot deactivate yourself; ask another admin');
  }
  if (input.handOverTo === id) {
    throw new AppError('validation_failed', 'handOverTo: must be someone other than the person leaving');
  }
  const now = ctx.clock.now();
  const { staff, apiKeys } = await ctx.db.transaction().execute(async (trx) => {
    const row = await lockStaff(trx, id);
    const to = await trx
      .selectFrom('staff')
      .select(['id', 'active'])
      .where('id', '=', input.handOverTo)
      .executeTakeFirst();
    if (!to?.active) {
      throw new AppError(
        'validation_failed',
        `handOverTo: ${input.handOverTo} is not an active staff member`,
      );
    }
    if (row.role === 'admin' && row.active) await assertOtherActiveAdmin(trx, id, 'deactivate them');
    const updated = await trx
      .updateTable('staff')
      .set({ active: false, deactivated_at: row.deactivated_at ?? now })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    const sessions = await trx.deleteFrom('staff_session').where('staff_id', '=', id).executeTakeFirst();
    if (input.revokeApiKeys) {
      await trx
        .updateTable('api_key')
        .set({ revoked_at: now })
        .where('created_by', '=', id)
        .where('revoked_at', 'is', null)
        .execute();
    }
    const keys = await trx
      .selectFrom('api_key')
      .select(['id', 'name', 'prefix', 'revoked_at'])
      .where('created_by', '=', id)
      .orderBy('created_at')
      .execute();
    await recordAuditBy(trx, by, {
      action: 'staff.deactivate',
      target: id,
      details: {
        handOverTo: input.handOverTo,
        sessionsEnded: Number(sessions.numDeletedRows),
        revokeApiKeys: input.revokeApiKeys,
        reason: input.reason ?? null,
      },
    });
    return {
      staff: toStaffView(updated),
      apiKeys: keys.map((k) => ({
        id: k.id,
        name: k.name,
        prefix: k.prefix,
        revoked: k.revoked_at !== null,
      })),
    };
  });
  forgetStaffSessions(id);
  const actor =
    by.actor?.kind === 'staff'
      ? { staffId: by.actor.id }
      : by.actor?.kind === 'api_key'
        ? { apiKeyId: by.actor.id }
        : {};
  const handedOver = await runHandOver(ctx, {
    fromId: id,
    toId: input.handOverTo,
    actor,
    reason: input.reason ?? `${staff.name} was deactivated`,
  });
  await recordAuditBy(ctx.db, by, {
    action: 'staff.hand-over',
    target: id,
    details: { to: input.handOverTo, ...handedOver },
  });
  return { staff, handedOver, apiKeys };
}

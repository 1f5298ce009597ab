import type { Ctx } from '../../kernel/context.ts';
import { type StaffView, toStaffView } from './create-staff.ts';
import { type AuditBy, recordAuditBy } from './record-audit.ts';
import { lockStaff } from './staff-guards.ts';

/** Lets a deactivated staff member sign in again (with their old password, or a reset one). */
export async function reactivateStaff(ctx: Pick<Ctx, 'db'>, id: string, by: AuditBy): Promise<StaffView> {
  return ctx.db.transaction().execute(async (trx) => {
    const row = await lockStaff(trx, id);
    if (row.active) return toStaffView(row);
    const updated = await trx
      .updateTable('staff')
      .set({ active: true, deactivated_at: null })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAuditBy(trx, by, { action: 'staff.reactivate', target: id });
    return toStaffView(updated);
  });
}

import type { Ctx } from '../../kernel/context.ts';
import type { Role } from '../../kernel/http/access.ts';
import { type StaffView, toStaffView } from './create-staff.ts';
import { type AuditBy, recordAuditBy } from './record-audit.ts';
import { forgetStaffSessions } from './session-cache.ts';
import { assertOtherActiveAdmin, lockStaff } from './staff-guards.ts';

/**
 * Changes a staff member's role, name or time zone. A new role applies from their next request
 * (the role is read with the session on every request). The last active admin keeps the role.
 */
export async function updateStaff(
  ctx: Pick<Ctx, 'db'>,
  id: string,
  input: { role?: Role; name?: string; timeZone?: string },
  by: AuditBy,
): Promise<StaffView> {
  const view = await ctx.db.transaction().execute(async (trx) => {
    const row = await lockStaff(trx, id);
    const changes: Record<string, { from: string; to: string }> = {};
    if (input.role && input.role !== row.role) changes.role = { from: row.role, to: input.role };
    const name = input.name?.trim();
    if (name && name !== row.name) changes.name = { from: row.name, to: name };
    if (input.timeZone && input.timeZone !== row.time_zone)
      changes.timeZone = { from: row.time_zone, to: input.timeZone };
    if (!Object.keys(changes).length) return toStaffView(row);
    if (changes.role && row.role === 'admin' && row.active) {
      await assertOtherActiveAdmin(trx, id, 'change their role');
    }
    const updated = await trx
      .updateTable('staff')
      .set({
        ...(changes.role ? { role: input.role } : {}),
        ...(changes.name ? { name } : {}),
        ...(changes.timeZone ? { time_zone: input.timeZone } : {}),
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAuditBy(trx, by, { action: 'staff.update', target: id, details: { changes } });
    return toStaffView(updated);
  });
  // A cached session carries the role and name.
  forgetStaffSessions(id);
  return view;
}

import type { Ctx } from '../../kernel/context.ts';
import { AppError, notFound } from '../../kernel/errors.ts';
import type { WeeklyInterval } from './working-time.ts';

/** A staff member's hours are in their own time zone: `timeZone` changes it together with the hours. */
export type ShiftOwner = { kind: 'team'; id: string } | { kind: 'staff'; id: string; timeZone?: string };

/**
 * Replaces a team's coverage or a staff member's working hours with `intervals` in one
 * transaction, so routing never sees half a week. Overlapping intervals on one day are refused:
 * they would count the same business minutes twice.
 */
export async function setShifts(
  ctx: Pick<Ctx, 'db'>,
  owner: ShiftOwner,
  intervals: WeeklyInterval[],
): Promise<void> {
  const sorted = [...intervals].sort((a, b) => a.weekday - b.weekday || a.startMinute - b.startMinute);
  for (let i = 1; i < sorted.length; i++) {
    const [a, b] = [sorted[i - 1], sorted[i]] as [WeeklyInterval, WeeklyInterval];
    if (a.weekday === b.weekday && b.startMinute < a.endMinute) {
      throw new AppError('validation_failed', `intervals overlap on weekday ${a.weekday}`);
    }
  }
  for (const i of sorted) {
    if (i.startMinute >= i.endMinute)
      throw new AppError('validation_failed', 'each interval must end after it starts');
  }
  await ctx.db.transaction().execute(async (trx) => {
    if (owner.kind === 'team') {
      const team = await trx
        .selectFrom('team')
        .select('id')
        .where('id', '=', owner.id)
        .forUpdate()
        .executeTakeFirst();
      if (!team) throw notFound('Team', owner.id);
      await trx.deleteFrom('team_coverage').where('team_id', '=', owner.id).execute();
      if (sorted.length) {
        await trx
          .insertInto('team_coverage')
          .values(
            sorted.map((i) => ({
              team_id: owner.id,
              weekday: i.weekday,
              start_minute: i.startMinute,
              end_minute: i.endMinute,
            })),
          )
          .execute();
      }
    } else {
      const staff = await trx
        .selectFrom('staff')
        .select('id')
        .where('id', '=', owner.id)
        .forUpdate()
        .executeTakeFirst();
      if (!staff) throw notFound('Staff', owner.id);
      if (owner.timeZone)
        await trx
          .updateTable('staff')
          .set({ time_zone: owner.timeZone })
          .where('id', '=', owner.id)
          .execute();
      await trx.deleteFrom('staff_hours').where('staff_id', '=', owner.id).execute();
      if (sorted.length) {
        await trx
          .insertInto('staff_hours')
          .values(
            sorted.map((i) => ({
              staff_id: owner.id,
              weekday: i.weekday,
              start_minute: i.startMinute,
              end_minute: i.endMinute,
            })),
          )
          .execute();
      }
    }
  });
}

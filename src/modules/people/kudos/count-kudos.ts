import type { Ctx } from '../../../kernel/context.ts';
import { AppError } from '../../../kernel/errors.ts';
import { loadRoster } from '../../staff/index.ts';

export type KudosCount = {
  staffId: string;
  name: string;
  teamId: string | null;
  received: number;
  given: number;
};

/**
 * Kudos received and given per staff member over [from, to), for the team page. Staff are not
 * loyalty customers (loyalty offers no seam for staff points), so recognition is this count.
 * Everyone active (of the team, when given) is listed, with zeros, most recognised first.
 */
export async function countKudos(
  ctx: Pick<Ctx, 'db'>,
  q: { from: Date; to: Date; teamId?: string },
): Promise<KudosCount[]> {
  if (q.to <= q.from) throw new AppError('validation_failed', 'to: must be after from');
  const roster = await loadRoster(ctx);
  if (q.teamId && !roster.teams.has(q.teamId))
    throw new AppError('validation_failed', `teamId: no team ${q.teamId}`);
  const people = [...roster.staff.values()].filter((m) => m.active && (!q.teamId || m.teamId === q.teamId));
  const rows = await ctx.db
    .selectFrom('people_kudos')
    .select(['from_staff_id', 'to_staff_id'])
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('created_at', '>=', q.from)
    .where('created_at', '<', q.to)
    .groupBy(['from_staff_id', 'to_staff_id'])
    .execute();
  const received = new Map<string, number>();
  const given = new Map<string, number>();
  for (const r of rows) {
    received.set(r.to_staff_id, (received.get(r.to_staff_id) ?? 0) + Number(r.n));
    given.set(r.from_staff_id, (given.get(r.from_staff_id) ?? 0) + Number(r.n));
  }
  return people
    .map((m) => ({
      staffId: m.id,
      name: m.name,
      teamId: m.teamId,
      received: received.get(m.id) ?? 0,
      given: given.get(m.id) ?? 0,
    }))
    .sort((a, b) => b.received - a.received || a.name.localeCompare(b.name));
}

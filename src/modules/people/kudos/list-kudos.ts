import { sql } from 'kysely';
import type { Ctx } from '../../../kernel/context.ts';
import { loadRoster } from '../../staff/index.ts';
import { kudosOf } from './kudos-of.ts';
import type { KudosView } from './schemas.ts';

export type KudosFilter = {
  teamId?: string;
  staffId?: string;
  customerId?: string;
  before?: string;
  limit: number;
};

/**
 * The kudos feed, newest first: a team's (given to or by its members), one person's received,
 * or a customer's. Keyset pages on (created_at, id) so a kudos given while someone pages through
 * neither repeats nor skips a row.
 */
export async function listKudos(
  ctx: Pick<Ctx, 'db'>,
  f: KudosFilter,
): Promise<{ data: KudosView[]; nextCursor: string | null }> {
  let q = ctx.db.selectFrom('people_kudos').selectAll();
  if (f.teamId) {
    const roster = await loadRoster(ctx);
    const members = [...roster.staff.values()].filter((m) => m.teamId === f.teamId).map((m) => m.id);
    if (!members.length) return { data: [], nextCursor: null };
    q = q.where((eb) => eb.or([eb('to_staff_id', 'in', members), eb('from_staff_id', 'in', members)]));
  }
  if (f.staffId) q = q.where('to_staff_id', '=', f.staffId);
  if (f.customerId) q = q.where('customer_id', '=', f.customerId);
  if (f.before) {
    const last = await ctx.db
      .selectFrom('people_kudos')
      .select(['created_at', 'id'])
      .where('id', '=', f.before)
      .executeTakeFirst();
    if (last) q = q.where(sql<boolean>`(created_at, id) < (${last.created_at}, ${last.id})`);
  }
  const rows = await q
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(f.limit + 1)
    .execute();
  const page = rows.slice(0, f.limit);
  return {
    data: await kudosOf(ctx, page),
    nextCursor: rows.length > f.limit ? (page.at(-1)?.id ?? null) : null,
  };
}

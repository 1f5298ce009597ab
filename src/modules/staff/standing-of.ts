import type { Ctx } from '../../kernel/context.ts';
import type { Principal } from '../../kernel/http/access.ts';
import { findTeams } from './find-teams.ts';

/**
 * How the caller stands to an object held by someone (a case's assignee, a customer's owner):
 * - `elevated`: managers, admins and API keys (a key's scopes are checked by the route) act on all;
 * - `own`: the caller holds it;
 * - `team`: the holder, or the object's own team, is the caller's team;
 * - `unclaimed`: nobody holds it and it belongs to no team: anyone may pick it up;
 * - `others`: someone else's, outside the caller's team. An agent may not act on it.
 * The one place that says what "theirs" means; the table is docs/permissions.md.
 */
export type Standing = 'elevated' | 'own' | 'team' | 'unclaimed' | 'others';

export async function standingOf(
  ctx: Pick<Ctx, 'db'>,
  p: Principal,
  held: { staffId: string | null; teamId?: string | null },
): Promise<Standing> {
  if (p.kind === 'api_key' || p.role !== 'agent') return 'elevated';
  if (held.staffId === p.id) return 'own';
  if (!held.staffId && !held.teamId) return 'unclaimed';
  const teams = await findTeams(ctx, [p.id, held.staffId]);
  const mine = teams.get(p.id);
  if (!mine) return 'others';
  if (held.teamId === mine) return 'team';
  if (held.staffId && teams.get(held.staffId) === mine) return 'team';
  return 'others';
}

/** May an agent hand work to this colleague? Themselves or a teammate; managers hand anywhere. */
export async function mayHandTo(ctx: Pick<Ctx, 'db'>, p: Principal, to: string | null): Promise<boolean> {
  if (p.kind === 'api_key' || p.role !== 'agent') return true;
  if (!to) return false;
  // An unknown colleague is the action's own validation error (400), not a permission matter.
  const known = await ctx.db.selectFrom('staff').select('id').where('id', '=', to).executeTakeFirst();
  if (!known) return true;
  const s = await standingOf(ctx, p, { staffId: to });
  return s === 'own' || s === 'team';
}

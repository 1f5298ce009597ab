import type { FastifyRequest } from 'fastify';
import type { Ctx } from '../../kernel/context.ts';
import { AppError } from '../../kernel/errors.ts';
import { type Access, principalOf, staffIdOf } from '../../kernel/http/access.ts';
import { mayHandTo, standingOf } from '../staff/index.ts';

export const readLoop: Access = { roles: ['admin', 'manager', 'agent'], scopes: ['read'] };
export const workLoop: Access = { roles: ['admin', 'manager', 'agent'], scopes: ['write'] };
export const manageLoop: Access = { roles: ['admin', 'manager'], scopes: ['admin'] };

/** The signed-in staff member, for "mine" filters that mean nothing to an API key. */
export function requireStaff(req: FastifyRequest, what: string): string {
  const id = staffIdOf(req);
  if (!id) throw new AppError('bad_request', `${what} needs a signed-in staff member, not an API key`);
  return id;
}

const RULE = 'agents act on their own cases and their team’s (docs/permissions.md)';

/**
 * Object-level access to a case, the one place it is decided (docs/permissions.md): routes check
 * the role or scope, this checks that the case is the caller's to act on — their own, their
 * team's or nobody's for an agent; any case for managers, admins and API keys. A hand-over
 * (`handTo`) must also go to the agent themselves or a teammate. An unknown case passes, so the
 * action answers its usual 404.
 */
export async function authorizeCase(
  ctx: Pick<Ctx, 'db'>,
  req: FastifyRequest,
  caseId: string,
  opts: { handTo?: string } = {},
): Promise<void> {
  const p = principalOf(req);
  if (p.kind === 'api_key' || p.role !== 'agent') return;
  const k = await ctx.db
    .selectFrom('loop_case')
    .select(['assignee_id', 'team_id'])
    .where('id', '=', caseId)
    .executeTakeFirst();
  if (!k) return;
  if ((await standingOf(ctx, p, { staffId: k.assignee_id, teamId: k.team_id })) === 'others')
    throw new AppError('forbidden', `Case ${caseId} is another team’s: ${RULE}`);
  if (opts.handTo !== undefined && !(await mayHandTo(ctx, p, opts.handTo)))
    throw new AppError('forbidden', `An agent hands cases only to themselves or a teammate: ${RULE}`);
}

/**
 * A task follows its case; a promise made outside a case belongs to its assignee (and their team).
 */
export async function authorizeTask(
  ctx: Pick<Ctx, 'db'>,
  req: FastifyRequest,
  taskId: string,
): Promise<void> {
  const p = principalOf(req);
  if (p.kind === 'api_key' || p.role !== 'agent') return;
  const t = await ctx.db
    .selectFrom('task')
    .select(['case_id', 'assignee_id'])
    .where('id', '=', taskId)
    .executeTakeFirst();
  if (!t) return;
  if (t.case_id) return authorizeCase(ctx, req, t.case_id);
  if ((await standingOf(ctx, p, { staffId: t.assignee_id })) === 'others')
    throw new AppError('forbidden', `Task ${taskId} is another team’s promise: ${RULE}`);
}

/** A new promise: on a case the caller may act on, for themselves or (agents) a teammate. */
export async function authorizePromise(
  ctx: Pick<Ctx, 'db'>,
  req: FastifyRequest,
  input: { caseId?: string; assigneeId?: string },
): Promise<void> {
  if (input.caseId) await authorizeCase(ctx, req, input.caseId);
  if (input.assigneeId && !(await mayHandTo(ctx, principalOf(req), input.assigneeId)))
    throw new AppError('forbidden', `An agent makes promises for themselves or a teammate: ${RULE}`);
}

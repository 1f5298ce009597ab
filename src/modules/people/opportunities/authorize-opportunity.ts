import type { FastifyRequest } from 'fastify';
import type { Ctx } from '../../../kernel/context.ts';
import { AppError } from '../../../kernel/errors.ts';
import { principalOf } from '../../../kernel/http/access.ts';
import { mayHandTo, standingOf } from '../../staff/index.ts';

const RULE = 'agents work on their own opportunities and their team’s (docs/permissions.md)';

/**
 * Object-level access to an opportunity: an agent moves only their own or a teammate's (the rep
 * credited); managers, admins and API keys with the route's scope any. An unknown opportunity
 * passes, so the action answers its 404.
 */
export async function authorizeOpportunity(
  ctx: Pick<Ctx, 'db'>,
  req: FastifyRequest,
  id: string,
): Promise<void> {
  const p = principalOf(req);
  if (p.kind === 'api_key' || p.role !== 'agent') return;
  const o = await ctx.db
    .selectFrom('people_opportunity')
    .select('rep_id')
    .where('id', '=', id)
    .executeTakeFirst();
  if (o && (await standingOf(ctx, p, { staffId: o.rep_id })) === 'others')
    throw new AppError('forbidden', `Opportunity ${id} is another team’s: ${RULE}`);
}

/** The rep to credit: the one named (an agent names only themselves or a teammate), else the caller. */
export async function creditedRep(
  ctx: Pick<Ctx, 'db'>,
  req: FastifyRequest,
  repId: string | undefined,
): Promise<string> {
  const p = principalOf(req);
  const rep = repId ?? (p.kind === 'staff' ? p.id : undefined);
  if (!rep)
    throw new AppError('validation_failed', 'repId: an API key names the rep to credit', { field: 'repId' });
  if (!(await mayHandTo(ctx, p, rep)))
    throw new AppError(
      'forbidden',
      `An agent credits an opportunity only to themselves or a teammate: ${RULE}`,
    );
  return rep;
}

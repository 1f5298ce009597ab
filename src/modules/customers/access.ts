import type { FastifyRequest } from 'fastify';
import type { Ctx } from '../../kernel/context.ts';
import { AppError } from '../../kernel/errors.ts';
import { principalOf } from '../../kernel/http/access.ts';
import { mayHandTo, standingOf } from '../staff/index.ts';

const RULE =
  'agents change the owner or churn status only of their own customers, their team’s or unowned ones (docs/permissions.md)';

export type GuardedChange = {
  /** The owner the request sets (null: none); undefined when it does not touch the owner. */
  ownerId?: string | null;
  status?: string;
};

/**
 * Object-level access to a customer's owner and churn status, the one place it is decided for
 * every route that can change them (create, update, bulk assignment). Other details (name,
 * contact data) are open to every rep. Managers, admins and API keys with the route's scope may
 * change anything; an agent only on customers they own, their team owns or nobody owns, and only
 * to themselves or a teammate as owner. `current` is each customer's owner before the change
 * (none: a new customer).
 */
export async function authorizeCustomerChange(
  ctx: Pick<Ctx, 'db'>,
  req: FastifyRequest,
  current: { id: string | null; ownerId: string | null; status: string | null }[],
  change: GuardedChange,
): Promise<void> {
  const p = principalOf(req);
  if (p.kind === 'api_key' || p.role !== 'agent') return;
  const refused: string[] = [];
  // Customers in a bulk request share a few owners: one decision per owner.
  const byOwner = new Map<string | null, Promise<string>>();
  const standing = (ownerId: string | null) => {
    let s = byOwner.get(ownerId);
    if (!s) byOwner.set(ownerId, (s = standingOf(ctx, p, { staffId: ownerId })));
    return s;
  };
  for (const c of current) {
    const ownerChange = change.ownerId !== undefined && change.ownerId !== c.ownerId;
    const churnChange =
      change.status !== undefined &&
      change.status !== c.status &&
      (change.status === 'churned' || c.status === 'churned');
    if (!ownerChange && !churnChange) continue;
    // A customer being created is nobody's yet: what matters is whom it is given to.
    if (c.id && (await standing(c.ownerId)) === 'others') refused.push(c.id);
  }
  if (refused.length) {
    throw new AppError(
      'forbidden',
      `${refused.length === 1 ? `Customer ${refused[0]} is` : `${refused.length} customers are`} another team’s: ${RULE}`,
      { customerIds: refused.slice(0, 20) },
    );
  }
  const touchesOwner = current.some((c) => change.ownerId !== undefined && change.ownerId !== c.ownerId);
  if (touchesOwner && !(await mayHandTo(ctx, p, change.ownerId ?? null)))
    throw new AppError('forbidden', `An agent gives customers only to themselves or a teammate: ${RULE}`);
}

/**
 * Work recorded on a customer's behalf by a rep (an opportunity flagged on a call or case): an
 * agent records it only on customers they own, their team owns or nobody owns, as for the owner
 * and churn status; managers, admins and API keys with the route's scope on any. An unknown
 * customer passes, so the action answers its usual 404.
 */
export async function authorizeCustomerWork(
  ctx: Pick<Ctx, 'db'>,
  req: FastifyRequest,
  customerId: string,
): Promise<void> {
  const p = principalOf(req);
  if (p.kind === 'api_key' || p.role !== 'agent') return;
  const c = await ctx.db
    .selectFrom('customer')
    .select('owner_id')
    .where('id', '=', customerId)
    .executeTakeFirst();
  if (!c) return;
  if ((await standingOf(ctx, p, { staffId: c.owner_id })) === 'others')
    throw new AppError(
      'forbidden',
      `Customer ${customerId} is another team’s: agents record opportunities on their own customers, their team’s or unowned ones (docs/permissions.md)`,
    );
}

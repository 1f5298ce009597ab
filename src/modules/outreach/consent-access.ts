import type { FastifyRequest } from 'fastify';
import type { Ctx } from '../../kernel/context.ts';
import { AppError } from '../../kernel/errors.ts';
import { principalOf } from '../../kernel/http/access.ts';
import { standingOf } from '../staff/index.ts';

/**
 * Saying no is everyone's to record: a rep who hears "don't call me" writes it down whoever owns
 * the customer. Saying yes on someone's behalf (or resetting to unknown) is for those who may act
 * on the customer: for an agent their own, their team's or unowned customers (docs/permissions.md).
 */
export async function authorizeConsentChange(
  ctx: Pick<Ctx, 'db'>,
  req: FastifyRequest,
  customer: { id: string; ownerId: string | null },
  states: string[],
): Promise<void> {
  if (states.every((s) => s === 'refused')) return;
  if ((await standingOf(ctx, principalOf(req), { staffId: customer.ownerId })) !== 'others') return;
  throw new AppError(
    'forbidden',
    `Customer ${customer.id} is another team’s: agents record refusals for anyone, but grant consent only for their own customers, their team’s or unowned ones (docs/permissions.md)`,
  );
}

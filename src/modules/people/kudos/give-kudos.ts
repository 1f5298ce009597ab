import { v7 as uuidv7 } from 'uuid';
import type { Ctx } from '../../../kernel/context.ts';
import type { Db } from '../../../kernel/db/pool.ts';
import { AppError } from '../../../kernel/errors.ts';
import { getCustomerNames } from '../../customers/index.ts';
import { getCase } from '../../loop/index.ts';
import { loadRoster } from '../../staff/index.ts';
import { kudosOf } from './kudos-of.ts';
import type { KudosView } from './schemas.ts';

export type KudosInput = { toStaffId: string; customerId?: string; caseId?: string; message: string };

/**
 * A staff member recognises a colleague for work with a customer or on a case. Kudos are always
 * about real work, so one of the two is required; a case brings its customer along (and a
 * customer given with it must be the case's). Not to oneself, not to a deactivated colleague.
 * `audit` runs in the same transaction (the kudos names a customer).
 */
export async function giveKudos(
  ctx: Pick<Ctx, 'db' | 'clock'>,
  fromStaffId: string,
  input: KudosInput,
  audit?: (trx: Db, kudos: KudosView) => Promise<void>,
): Promise<KudosView> {
  const roster = await loadRoster(ctx);
  const to = roster.staff.get(input.toStaffId);
  if (!to) throw new AppError('validation_failed', `toStaffId: no staff member ${input.toStaffId}`);
  if (!to.active) throw new AppError('validation_failed', `toStaffId: ${to.name} is deactivated`);
  if (to.id === fromStaffId)
    throw new AppError('validation_failed', 'toStaffId: kudos go to a colleague, not to yourself');
  let customerId = input.customerId ?? null;
  if (input.caseId) {
    const found = await getCase(ctx, input.caseId).catch(() => undefined);
    if (!found) throw new AppError('validation_failed', `caseId: no case ${input.caseId}`);
    if (customerId && customerId !== found.customerId)
      throw new AppError('validation_failed', 'customerId: the case is about another customer');
    customerId = found.customerId;
  } else if (!customerId) {
    throw new AppError('validation_failed', 'link the kudos to a customer (customerId) or a case (caseId)');
  }
  if (!(await getCustomerNames(ctx, [customerId])).has(customerId))
    throw new AppError('validation_failed', `customerId: no customer ${customerId}`);
  return ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('people_kudos')
      .values({
        id: uuidv7(),
        from_staff_id: fromStaffId,
        to_staff_id: to.id,
        customer_id: customerId,
        case_id: input.caseId ?? null,
        message: input.message.trim(),
        created_at: ctx.clock.now(),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const [view] = await kudosOf({ db: trx }, [row]);
    await audit?.(trx, view as KudosView);
    return view as KudosView;
  });
}

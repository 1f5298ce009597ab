import { v7 as uuidv7 } from 'uuid';
import type { Ctx } from '../../../kernel/context.ts';
import { AppError } from '../../../kernel/errors.ts';
import { checkTemplate } from '../../outreach/index.ts';
import { getStaffMember } from '../../staff/index.ts';
import { listTiers } from './list-tiers.ts';
import type { TierInput, TierView } from './schemas.ts';

/**
 * Creates a tier, or replaces one (`id`). Unique names and ranks are the database's to enforce
 * (a clash is a 409 through the error mapping); reps must be staff members.
 */
export async function saveTier(ctx: Pick<Ctx, 'db' | 'clock'>, t: TierInput, id?: string): Promise<TierView> {
  const found = await Promise.all(t.repStaffIds.map((s) => getStaffMember(ctx, s)));
  const missing = t.repStaffIds.filter((_, n) => !found[n]);
  if (missing.length)
    throw new AppError(
      'validation_failed',
      `repStaffIds: not staff members: ${missing.slice(0, 5).join(', ')}`,
    );
  if (t.emailSubject !== null) checkTemplate('subject', t.emailSubject);
  if (t.emailBody !== null) checkTemplate('body', t.emailBody);
  const values = {
    name: t.name.trim(),
    rank: t.rank,
    criterion: t.criterion,
    threshold: t.threshold,
    currency: t.currency,
    window_days: t.windowDays,
    downgrade: t.downgrade,
    grace_days: t.graceDays,
    earn_multiplier: t.earnMultiplier,
    case_priority: t.casePriority,
    first_response_minutes: t.firstResponseMinutes,
    resolution_minutes: t.resolutionMinutes,
    dedicated_rep: t.dedicatedRep,
    rep_staff_ids: t.repStaffIds,
    call_list_first: t.callListFirst,
    email_subject: t.emailSubject,
    email_body: t.emailBody,
    updated_at: ctx.clock.now(),
  };
  if (id) {
    const r = await ctx.db.updateTable('loyalty_tier').set(values).where('id', '=', id).executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) throw new AppError('not_found', `No tier ${id}`);
  } else {
    id = uuidv7();
    await ctx.db
      .insertInto('loyalty_tier')
      .values({ id, ...values })
      .execute();
  }
  const saved = (await listTiers(ctx)).find((x) => x.id === id);
  if (!saved) throw new AppError('not_found', `No tier ${id}`);
  return saved;
}

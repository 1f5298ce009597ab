import type { Ctx } from '../../../kernel/context.ts';
import type { TierView } from './schemas.ts';

/** Every tier definition, best (highest rank) first. */
export async function listTiers(ctx: Pick<Ctx, 'db'>): Promise<TierView[]> {
  const rows = await ctx.db.selectFrom('loyalty_tier').selectAll().orderBy('rank', 'desc').execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    rank: r.rank,
    criterion: r.criterion,
    threshold: Number(r.threshold),
    currency: r.currency,
    windowDays: r.window_days,
    downgrade: r.downgrade,
    graceDays: r.grace_days,
    earnMultiplier: Number(r.earn_multiplier),
    casePriority: r.case_priority,
    firstResponseMinutes: r.first_response_minutes,
    resolutionMinutes: r.resolution_minutes,
    dedicatedRep: r.dedicated_rep,
    repStaffIds: r.rep_staff_ids,
    callListFirst: r.call_list_first,
    emailSubject: r.email_subject,
    emailBody: r.email_body,
  }));
}

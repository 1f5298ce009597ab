import type { Ctx } from '../../../kernel/context.ts';
import type { WinbackSettings } from './schemas.ts';
import { WINBACK_PROGRAM_ID } from './tables.ts';

/** The play's settings (one row, seeded by the migration) with its program's holdout share. */
export async function getWinbackSettings(ctx: Pick<Ctx, 'db'>): Promise<WinbackSettings> {
  const [r, program] = await Promise.all([
    ctx.db.selectFrom('winback_settings').selectAll().executeTakeFirstOrThrow(),
    ctx.db
      .selectFrom('outreach_program')
      .select('holdout_share')
      .where('id', '=', WINBACK_PROGRAM_ID)
      .executeTakeFirstOrThrow(),
  ]);
  return {
    pAliveBelow: r.p_alive_below,
    includeLapsed: r.include_lapsed,
    segmentId: r.segment_id,
    offerId: r.offer_id,
    subject: r.subject,
    body: r.body,
    sendWindow: { start: r.window_start, end: r.window_end },
    defaultTimeZone: r.default_time_zone,
    reactivationDays: r.reactivation_days,
    cooldownDays: r.cooldown_days,
    holdoutShare: Number(program.holdout_share),
    active: r.active,
    programId: WINBACK_PROGRAM_ID,
    updatedAt: r.updated_at,
  };
}

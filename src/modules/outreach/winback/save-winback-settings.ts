import type { Kysely } from 'kysely';
import type { Ctx } from '../../../kernel/context.ts';
import type { Database } from '../../../kernel/db/database.ts';
import { AppError } from '../../../kernel/errors.ts';
import { checkTemplate } from '../campaigns/template.ts';
import { getOffer } from '../offers/list-offers.ts';
import { segmentQuery } from '../segments/segment-query.ts';
import { saveProgram } from '../uplift/save-program.ts';
import { checkSendWindowInZone } from './check-send-window.ts';
import { getWinbackSettings } from './get-winback-settings.ts';
import type { WinbackSettings, WinbackSettingsInput } from './schemas.ts';
import { WINBACK_PROGRAM_ID } from './tables.ts';

/**
 * Replaces the play's settings. Everything is checked first — the templates parse, the window
 * exists in the default zone every day, the segment compiles, the offer is there — so a bad
 * change leaves the old settings in force. The holdout share lives on the program, saved in the
 * same transaction.
 */
export async function saveWinbackSettings(
  ctx: Pick<Ctx, 'db' | 'clock'>,
  input: WinbackSettingsInput,
  by: string | null,
  audit?: (trx: Kysely<Database>, s: WinbackSettings) => Promise<void>,
): Promise<WinbackSettings> {
  checkTemplate('subject', input.subject);
  checkTemplate('body', input.body);
  checkSendWindowInZone(input.sendWindow.start, input.sendWindow.end, input.defaultTimeZone, ctx.clock.now());
  if (input.segmentId) await segmentQuery(ctx, { segmentId: input.segmentId });
  else if (input.pAliveBelow === null && !input.includeLapsed)
    throw new AppError(
      'validation_failed',
      'segmentId: name a segment, or target by pAliveBelow or includeLapsed',
      { field: 'segmentId' },
    );
  if (input.offerId) {
    const offer = await getOffer(ctx, input.offerId);
    if (offer.status !== 'active')
      throw new AppError('validation_failed', `offerId: the offer "${offer.name}" is archived`, {
        field: 'offerId',
      });
  }
  return ctx.db.transaction().execute(async (trx) => {
    await saveProgram({ db: trx }, { id: WINBACK_PROGRAM_ID, holdoutShare: input.holdoutShare, by });
    await trx
      .updateTable('winback_settings')
      .set({
        p_alive_below: input.pAliveBelow,
        include_lapsed: input.includeLapsed,
        segment_id: input.segmentId,
        offer_id: input.offerId,
        subject: input.subject,
        body: input.body,
        window_start: input.sendWindow.start,
        window_end: input.sendWindow.end,
        default_time_zone: input.defaultTimeZone,
        reactivation_days: input.reactivationDays,
        cooldown_days: input.cooldownDays,
        active: input.active,
        updated_at: ctx.clock.now(),
        updated_by: by,
      })
      .execute();
    const saved = await getWinbackSettings({ db: trx });
    if (audit) await audit(trx, saved);
    return saved;
  });
}

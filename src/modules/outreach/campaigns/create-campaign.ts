import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { Ctx } from '../../../kernel/context.ts';
import type { Database } from '../../../kernel/db/database.ts';
import { getSegment } from '../segments/get-segment.ts';
import { saveProgram } from '../uplift/save-program.ts';
import { campaignOf } from './campaign-of.ts';
import { checkSchedule } from './schedule.ts';
import type { CampaignInput, CampaignView } from './schemas.ts';
import { checkWindow } from './send-window.ts';
import { checkTemplate } from './template.ts';

/**
 * Saves a draft campaign with its own outreach program (kind 'campaign', the campaign's
 * holdout share). Everything is checked first — templates parse, the window exists, the segment
 * is there — so a bad campaign creates nothing.
 */
export async function createCampaign(
  ctx: Pick<Ctx, 'db'>,
  input: CampaignInput,
  by: string | null,
  audit?: (trx: Kysely<Database>, c: CampaignView) => Promise<void>,
): Promise<CampaignView> {
  checkTemplate('subject', input.subject);
  checkTemplate('body', input.body);
  checkWindow(input.sendWindow.start, input.sendWindow.end);
  if (input.schedule) checkSchedule(input.schedule, input.sendWindow);
  await getSegment(ctx, input.segmentId);
  const id = uuidv7();
  return ctx.db.transaction().execute(async (trx) => {
    const program = await saveProgram(
      { db: trx },
      {
        id,
        kind: 'campaign',
        key: `campaign-${id.slice(-12)}`,
        name: input.name,
        holdoutShare: input.holdoutShare,
        by,
      },
    );
    const row = await trx
      .insertInto('campaign')
      .values({
        id,
        name: input.name,
        segment_id: input.segmentId,
        purpose: input.purpose,
        subject: input.subject,
        body: input.body,
        window_start: input.sendWindow.start,
        window_end: input.sendWindow.end,
        program_id: program.id,
        created_by: by,
        launched_at: null,
        kind: input.kind,
        schedule: input.schedule ? JSON.stringify(input.schedule) : null,
        trigger: input.trigger ? JSON.stringify(input.trigger) : null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const view = campaignOf(row, program.holdoutShare);
    if (audit) await audit(trx, view);
    return view;
  });
}

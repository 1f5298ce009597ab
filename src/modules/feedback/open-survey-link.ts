import type { Selectable } from 'kysely';
import type { Ctx } from '../../kernel/context.ts';
import { type LoadedSurvey, loadSurveyVersion } from './load-survey-version.ts';
import { readSurveyToken } from './survey-links.ts';
import type { FeedbackTables } from './tables.ts';

export type SendRow = Selectable<FeedbackTables['survey_send']>;

/** What a personal link leads to. Anything but `open` gets its own clear page. */
export type LinkState =
  | { state: 'open'; send: SendRow; survey: LoadedSurvey }
  | { state: 'invalid' }
  | { state: 'expired' }
  | { state: 'answered'; survey: LoadedSurvey; send: SendRow }
  | { state: 'closed' };

/**
 * Checks a survey link: the signature (forged or mangled links are `invalid`), its expiry, and
 * the send it names (answered already? survey archived?). The token binds customer and send, so
 * a link can only ever answer for the customer it was sent to.
 */
export async function openSurveyLink(
  ctx: Pick<Ctx, 'db' | 'config' | 'clock'>,
  token: string,
): Promise<LinkState> {
  const now = ctx.clock.now();
  const read = await readSurveyToken(ctx, token, now);
  if (!read.ok) return read.reason === 'expired' ? { state: 'expired' } : { state: 'invalid' };
  const send = await ctx.db
    .selectFrom('survey_send')
    .selectAll()
    .where('customer_id', '=', read.value.customerId)
    .where('id', '=', read.value.sendId)
    .executeTakeFirst();
  if (!send || send.status === 'skipped' || send.status === 'failed') return { state: 'invalid' };
  const survey = await loadSurveyVersion(ctx, send.survey_id, send.survey_version);
  if (send.answered_at) return { state: 'answered', survey, send };
  if (send.expires_at <= now) return { state: 'expired' };
  if (survey.survey.status === 'archived') return { state: 'closed' };
  return { state: 'open', send, survey };
}

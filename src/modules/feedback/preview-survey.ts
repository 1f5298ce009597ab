import { DAY_MS } from '../../kernel/clock.ts';
import type { Ctx } from '../../kernel/context.ts';
import { contentOf } from './create-survey.ts';
import { renderSurveyPage } from './render-page.ts';
import { renderSurveyEmail } from './render-survey-email.ts';
import type { SurveyContent, SurveyInput } from './schemas.ts';

/**
 * The token every preview link carries. It is not signed (a real token has at least three
 * dot-separated parts and an HMAC), so `/s/preview`, `/u/preview` and `/p/preview` answer "this link does not
 * work" and a preview can never answer a survey or unsubscribe anyone.
 */
export const PREVIEW_TOKEN = 'preview';
/** The customer a preview is addressed to: nobody real. */
export const SAMPLE_CUSTOMER = { name: 'Alex Example', email: 'alex@example.com' };

export type SurveyPreview = {
  page: { html: string };
  /** The anonymous web form (`/f/:id`), when the draft offers one. */
  form: { html: string } | null;
  email: { to: string; subject: string; html: string; text: string };
};

/**
 * What an unsaved draft looks like to a customer, rendered by the same templates and code as
 * the public page (`/s/:token`), the anonymous form (`/f/:id`) and the survey email, with the
 * sample customer and inert links. Nothing is stored.
 */
export async function previewSurvey(
  ctx: Pick<Ctx, 'config' | 'clock'>,
  input: Omit<SurveyInput, 'name'>,
): Promise<SurveyPreview> {
  const content = contentOf(input) as SurveyContent;
  const base = ctx.config.publicUrl;
  const linkValidDays = input.linkValidDays ?? 30; // the column's default (see the migration)
  const [page, form, email] = await Promise.all([
    renderSurveyPage({ content, action: `/s/${PREVIEW_TOKEN}` }),
    input.anonymousForm
      ? renderSurveyPage({ content, action: `/f/${PREVIEW_TOKEN}`, anonymous: true })
      : undefined,
    renderSurveyEmail({
      content,
      links: {
        surveyUrl: `${base}/s/${PREVIEW_TOKEN}`,
        scoreUrl: (score) => `${base}/s/${PREVIEW_TOKEN}?score=${score}`,
        unsubscribeUrl: `${base}/u/${PREVIEW_TOKEN}`,
        preferencesUrl: `${base}/p/${PREVIEW_TOKEN}`,
      },
      expiresAt: new Date(ctx.clock.now().getTime() + linkValidDays * DAY_MS),
      incentive: input.incentive,
    }),
  ]);
  return {
    page: { html: page },
    form: form === undefined ? null : { html: form },
    email: { to: `${SAMPLE_CUSTOMER.name} <${SAMPLE_CUSTOMER.email}>`, ...email },
  };
}

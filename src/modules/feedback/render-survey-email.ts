import { personalizeSurveyText } from './personalize-survey-text.ts';
import { htmlLiquid, textLiquid } from './render-page.ts';
import { isScoreType, type SurveyContent, scales } from './schemas.ts';
import type { Incentive } from './tables.ts';

export const describeIncentive = (i: Incentive | null | undefined): string | undefined => {
  if (!i) return undefined;
  if (i.description) return i.description;
  if (i.points && i.code)
    return `Answer and we will add ${i.points} points to your account, plus a reward code.`;
  if (i.points) return `Answer and we will add ${i.points} points to your account.`;
  return 'Answer and get a reward code as a thank-you.';
};

/**
 * The survey email in HTML and plain text. When the first question is a score, each score is a
 * link: one click opens the page with that score chosen, ready to send (see docs/feedback.md for
 * why the click alone does not record the answer).
 */
export async function renderSurveyEmail(opts: {
  content: SurveyContent;
  links: {
    surveyUrl: string;
    scoreUrl(score: number): string;
    unsubscribeUrl: string;
    preferencesUrl: string;
  };
  expiresAt: Date;
  incentive?: Incentive | null;
  reminder?: boolean;
  /** Liquid variables of the customer (personalizationVars): subject, title, intro and first question use them. */
  personal?: Record<string, unknown>;
}): Promise<{ subject: string; html: string; text: string }> {
  const own = (text: string) => personalizeSurveyText(text, opts.personal ?? {});
  const q = opts.content.questions[0];
  const questionText = q ? await own(q.text) : '';
  const first =
    q && isScoreType(q.type)
      ? (() => {
          const s = scales[q.type];
          const values = Array.from({ length: s.max - s.min + 1 }, (_, i) => s.min + i);
          const labelOf = (v: number) => (v === s.min ? s.minLabel : v === s.max ? s.maxLabel : String(v));
          return {
            text: questionText,
            min: s.min,
            max: s.max,
            minLabel: s.minLabel,
            maxLabel: s.maxLabel,
            options: values.map((v) => ({ value: v, label: labelOf(v), url: opts.links.scoreUrl(v) })),
          };
        })()
      : undefined;
  const base = await own(opts.content.emailSubject ?? opts.content.title);
  const subject = opts.reminder ? `Reminder: ${base}` : base;
  const vars = {
    subject,
    title: await own(opts.content.title),
    intro: opts.content.intro === undefined ? undefined : await own(opts.content.intro),
    incentive: describeIncentive(opts.incentive),
    first,
    reminder: opts.reminder ?? false,
    surveyUrl: opts.links.surveyUrl,
    unsubscribeUrl: opts.links.unsubscribeUrl,
    preferencesUrl: opts.links.preferencesUrl,
    expiresOn: opts.expiresAt.toISOString().slice(0, 10),
  };
  const [html, text] = await Promise.all([
    htmlLiquid.renderFile('email.html.liquid', vars) as Promise<string>,
    textLiquid.renderFile('email.txt.liquid', vars) as Promise<string>,
  ]);
  return { subject, html, text };
}

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Liquid } from 'liquidjs';
import { type AnswerInput, isScoreType, type Question, type SurveyContent, scales } from './schemas.ts';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), 'templates');
// Every {{ output }} is HTML-escaped unless a template says `| raw`: comments, names and survey
// texts are text, never markup.
export const htmlLiquid = new Liquid({
  root,
  extname: '.liquid',
  outputEscape: 'escape',
  cache: true,
  strictFilters: true,
});
export const textLiquid = new Liquid({ root, extname: '.liquid', cache: true, strictFilters: true });

type Vars = Record<string, unknown>;

export const renderPage = (template: 'survey' | 'message', vars: Vars): Promise<string> =>
  htmlLiquid.renderFile(template, vars) as Promise<string>;

export const renderMessage = (m: {
  pageTitle?: string;
  heading: string;
  paragraphs: string[];
  reward?: string;
  form?: { action: string; button: string; fields?: { name: string; value: string }[] };
}) =>
  renderPage('message', {
    pageTitle: m.pageTitle ?? m.heading,
    ...m,
    form: m.form && { fields: [], ...m.form },
  });

const defaultFollowUp = 'Anything you would like to tell us?';

/** The view of one question on the public page: values kept after a failed post, errors inline. */
function questionModel(q: Question, given: AnswerInput | undefined, error: string | undefined) {
  const required = q.required ?? q.type !== 'text';
  if (isScoreType(q.type)) {
    const s = scales[q.type];
    const values = Array.from({ length: s.max - s.min + 1 }, (_, i) => s.min + i);
    const score = given?.score;
    const band = q.followUps?.find((f) => score !== undefined && score >= f.min && score <= f.max);
    return {
      kind: 'scale',
      id: q.id,
      text: q.text,
      required,
      error,
      min: s.min,
      max: s.max,
      minLabel: s.minLabel,
      maxLabel: s.maxLabel,
      options: values.map((v) => ({ value: v, label: v, domId: `${q.id}-s${v}`, checked: v === score })),
      // With a score already chosen (from the email) the right prompt is the label; otherwise
      // CSS (:has) shows the band's prompt once a score is picked, with no JavaScript.
      followUpLabel: band?.text ?? defaultFollowUp,
      bands: band
        ? []
        : (q.followUps ?? []).map((f, i) => ({
            cls: `band-${q.id}-${i}`,
            text: f.text,
            min: f.min,
            max: f.max,
          })),
      textValue: given?.text ?? '',
    };
  }
  if (q.type === 'single' || q.type === 'multiple') {
    const chosen = new Set(given?.choices ?? []);
    return {
      kind: 'choice',
      id: q.id,
      text: q.text,
      required,
      error,
      inputType: q.type === 'single' ? 'radio' : 'checkbox',
      options: (q.options ?? []).map((o) => ({
        value: o.value,
        label: o.label,
        checked: chosen.has(o.value),
      })),
    };
  }
  return { kind: 'text', id: q.id, text: q.text, required, error, textValue: given?.text ?? '' };
}

/** CSS that reveals a band's follow-up prompt when a score inside it is checked. Slugs and integers only. */
function bandCss(questions: ReturnType<typeof questionModel>[]): string {
  const rules: string[] = [];
  for (const q of questions) {
    if (q.kind !== 'scale') continue;
    for (const b of q.bands ?? []) {
      const sel = Array.from(
        { length: b.max - b.min + 1 },
        (_, i) => `form:has(#${q.id}-s${b.min + i}:checked) .${b.cls}`,
      );
      rules.push(`${sel.join(', ')} { display: block; }`);
    }
  }
  return rules.join('\n');
}

export function renderSurveyPage(opts: {
  content: SurveyContent;
  action: string;
  answers?: AnswerInput[];
  errors?: Record<string, string>;
  anonymous?: boolean;
  respondent?: { name?: string; email?: string };
  /** The anonymous form's signed token (see guard-anonymous-form.ts). */
  formToken?: string;
}): Promise<string> {
  const given = new Map((opts.answers ?? []).map((a) => [a.questionId, a]));
  const questions = opts.content.questions.map((q) => questionModel(q, given.get(q.id), opts.errors?.[q.id]));
  const errors = Object.entries(opts.errors ?? {}).map(([id, message]) => ({
    id,
    message: `${opts.content.questions.find((q) => q.id === id)?.text ?? 'Survey'}: ${message}`,
  }));
  return renderPage('survey', {
    pageTitle: errors.length ? `Please check your answers – ${opts.content.title}` : opts.content.title,
    title: opts.content.title,
    intro: opts.content.intro,
    action: opts.action,
    questions,
    errors,
    anonymous: opts.anonymous ?? false,
    respondentName: opts.respondent?.name ?? '',
    respondentEmail: opts.respondent?.email ?? '',
    formToken: opts.formToken ?? '',
    extraCss: bandCss(questions),
  });
}

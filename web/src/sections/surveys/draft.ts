import { isScoreType, type Question, type QuestionType, type Survey, type SurveyInput } from './api.ts';

/** What the builder edits: the survey's texts and questions, and how it is sent. */
export type Draft = Pick<
  SurveyInput,
  'name' | 'title' | 'intro' | 'thanks' | 'emailSubject' | 'questions'
> & {
  anonymousForm: boolean;
  anonymousInScores: boolean;
  anonymousPerAddressHour: number | '';
  anonymousPerDay: number | '';
  /** Empty strings while the field is cleared: NumberInput gives '' for an empty box. */
  rewardPoints: number | '';
  rewardCode: string;
  rewardDescription: string;
  reminderAfterDays: number | '';
  linkValidDays: number | '';
};

export const emptyDraft: Draft = {
  name: '',
  title: '',
  intro: '',
  thanks: '',
  emailSubject: '',
  anonymousForm: false,
  anonymousInScores: false,
  anonymousPerAddressHour: 5,
  anonymousPerDay: 500,
  questions: [{ id: 'nps', type: 'nps', text: '' }],
  rewardPoints: '',
  rewardCode: '',
  rewardDescription: '',
  reminderAfterDays: '',
  linkValidDays: 30,
};

export const fromSurvey = (s: Survey): Draft => ({
  name: s.name,
  title: s.title,
  intro: s.intro ?? '',
  thanks: s.thanks ?? '',
  emailSubject: s.emailSubject ?? '',
  anonymousForm: s.anonymousForm,
  anonymousInScores: s.anonymousInScores,
  anonymousPerAddressHour: s.anonymousPerAddressHour,
  anonymousPerDay: s.anonymousPerDay,
  questions: s.questions,
  rewardPoints: s.incentive?.points ?? '',
  rewardCode: s.incentive?.code ?? '',
  rewardDescription: s.incentive?.description ?? '',
  reminderAfterDays: s.reminderAfterDays ?? '',
  linkValidDays: s.linkValidDays,
});

export const slug = (s: string): string =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40) || 'option';

/** A question id not used yet, from its type: nps, nps-2… */
export function freshId(type: QuestionType, taken: Question[]): string {
  const ids = new Set(taken.map((q) => q.id));
  let id: string = type;
  for (let n = 2; ids.has(id); n++) id = `${type}-${n}`;
  return id;
}

/**
 * The body the API takes: empty optional texts left out, options only on choice questions.
 * A cleared reward or reminder is sent as null, so saving an edit removes it.
 */
export function toBody(d: Draft): SurveyInput {
  const opt = (s: string | undefined) => (s?.trim() ? s.trim() : undefined);
  const points = d.rewardPoints === '' ? undefined : d.rewardPoints;
  const code = opt(d.rewardCode);
  return {
    name: d.name.trim(),
    title: d.title.trim(),
    intro: opt(d.intro),
    thanks: opt(d.thanks),
    emailSubject: opt(d.emailSubject),
    anonymousForm: d.anonymousForm,
    anonymousInScores: d.anonymousInScores,
    anonymousPerAddressHour: d.anonymousPerAddressHour === '' ? undefined : d.anonymousPerAddressHour,
    anonymousPerDay: d.anonymousPerDay === '' ? undefined : d.anonymousPerDay,
    incentive: points !== undefined || code ? { points, code, description: opt(d.rewardDescription) } : null,
    reminderAfterDays: d.reminderAfterDays === '' ? null : d.reminderAfterDays,
    linkValidDays: d.linkValidDays === '' ? undefined : d.linkValidDays,
    questions: d.questions.map((q) => ({
      id: q.id,
      type: q.type,
      text: q.text.trim(),
      required: q.required,
      options: q.type === 'single' || q.type === 'multiple' ? q.options : undefined,
      followUps: isScoreType(q.type) && q.followUps?.length ? q.followUps : undefined,
    })),
  };
}

import { type Answer, type AnswerInput, isScoreType, type Question, scales } from './schemas.ts';

export type AnswerCheck = { ok: true; answers: Answer[] } | { ok: false; errors: Record<string, string> };

const isRequired = (q: Question) => q.required ?? q.type !== 'text';

/**
 * Checks answers against the questions of the version being answered: scores within the scale,
 * choices among the options, required questions answered. Unknown question ids are refused, so
 * an answer can never be attached to a question the respondent did not see.
 */
export function validateAnswers(questions: Question[], input: AnswerInput[]): AnswerCheck {
  const errors: Record<string, string> = {};
  const byId = new Map(questions.map((q) => [q.id, q]));
  const given = new Map<string, AnswerInput>();
  for (const a of input) {
    if (!byId.has(a.questionId)) errors[a.questionId] = 'no such question in this survey';
    else if (given.has(a.questionId)) errors[a.questionId] = 'answered twice';
    else given.set(a.questionId, a);
  }
  const answers: Answer[] = [];
  for (const q of questions) {
    const a = given.get(q.id);
    const text = a?.text?.trim() || undefined;
    if (isScoreType(q.type)) {
      const s = scales[q.type];
      if (a?.score === undefined) {
        if (isRequired(q)) errors[q.id] = 'Please choose a score';
        else if (text) errors[q.id] = 'Please choose a score before adding a comment';
        continue;
      }
      if (a.score < s.min || a.score > s.max) {
        errors[q.id] = `The score must be from ${s.min} to ${s.max}`;
        continue;
      }
      answers.push({ questionId: q.id, type: q.type, score: a.score, ...(text ? { text } : {}) });
    } else if (q.type === 'single' || q.type === 'multiple') {
      const choices = [...new Set(a?.choices ?? [])];
      const allowed = new Set(q.options?.map((o) => o.value));
      if (choices.some((c) => !allowed.has(c))) errors[q.id] = 'Please choose among the options shown';
      else if (q.type === 'single' && choices.length > 1) errors[q.id] = 'Please choose one option';
      else if (choices.length === 0 && isRequired(q)) errors[q.id] = 'Please choose an option';
      else if (choices.length > 0) answers.push({ questionId: q.id, type: q.type, choices });
    } else {
      if (!text && isRequired(q)) errors[q.id] = 'Please write an answer';
      else if (text) answers.push({ questionId: q.id, type: q.type, text });
    }
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  if (answers.length === 0)
    return { ok: false, errors: { [questions[0]?.id ?? 'survey']: 'Please answer at least one question' } };
  return { ok: true, answers };
}

/**
 * The headline of a response, what the timeline and the closed loop read: the first score
 * question's type and score, and the comment (its follow-up, else the first free-text answer).
 */
export function headlineOf(questions: Question[], answers: Answer[]) {
  const firstScore = answers.find((a) => isScoreType(a.type));
  const type = firstScore?.type ?? questions[0]?.type ?? 'text';
  const comment = firstScore?.text ?? answers.find((a) => a.type === 'text')?.text ?? null;
  const allText = answers.flatMap((a) => (a.text ? [a.text] : [])).join('\n');
  return { type, score: firstScore?.score ?? null, comment, allText };
}

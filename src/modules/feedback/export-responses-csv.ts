import type { Ctx } from '../../kernel/context.ts';
import { listResponses } from './list-responses.ts';
import { loadSurveyVersion } from './load-survey-version.ts';

/**
 * One CSV cell. Comments are customer-written text: quoted, and a leading =, +, -, @, tab or CR
 * is defused with an apostrophe so a spreadsheet never runs a comment as a formula.
 */
export function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return String(v);
  let s = Array.isArray(v) ? v.join('|') : v instanceof Date ? v.toISOString() : String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** A survey's responses as CSV, every question of every version as its own columns. */
export async function exportResponsesCsv(
  ctx: Pick<Ctx, 'db'>,
  surveyId: string,
  q: { from?: Date; to?: Date },
): Promise<string> {
  const { content } = await loadSurveyVersion(ctx, surveyId);
  const questionIds = content.questions.map((x) => x.id);
  const header = [
    'response_id',
    'responded_at',
    'customer_id',
    'channel',
    'via',
    'survey_version',
    'type',
    'score',
    'comment',
    'sentiment',
    'themes',
    ...questionIds.flatMap((id) => [`q:${id}`, `q:${id}:text`]),
  ];
  const lines = [header.map(csvCell).join(',')];
  let cursor: string | undefined;
  do {
    const page = await listResponses(ctx, surveyId, { ...q, cursor, limit: 500 });
    for (const r of page.data) {
      const byQ = new Map(r.answers.map((a) => [a.questionId, a]));
      const cells = [
        r.id,
        r.respondedAt,
        r.customerId,
        r.channel,
        r.via,
        r.surveyVersion,
        r.type,
        r.score,
        r.comment,
        r.sentiment,
        r.themes,
        ...questionIds.flatMap((id) => {
          const a = byQ.get(id);
          return [a?.score ?? a?.choices ?? null, a?.text ?? null];
        }),
      ];
      lines.push(cells.map(csvCell).join(','));
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return `${lines.join('\r\n')}\r\n`;
}

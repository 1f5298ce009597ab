import type { Selectable } from 'kysely';
import type { Ctx } from '../../kernel/context.ts';
import { AppError } from '../../kernel/errors.ts';
import type { Channel } from '../customers/tables.ts';
import type { Answer, ResponseView } from './schemas.ts';
import type { FeedbackTables } from './tables.ts';

type Row = Selectable<FeedbackTables['survey_response']>;

export const toResponseView = (r: Row): ResponseView => ({
  id: r.id,
  customerId: r.customer_id,
  surveyId: r.survey_id,
  surveyVersion: r.survey_version,
  sendId: r.send_id,
  channel: r.channel,
  via: r.via,
  staffId: r.staff_id,
  type: r.type,
  score: r.score,
  comment: r.comment,
  answers: r.answers as Answer[],
  sentiment: r.sentiment,
  themes: r.themes,
  autoThemes: r.auto_themes,
  caseId: r.case_id,
  respondedAt: r.responded_at,
  recordedAt: r.recorded_at,
});

const encodeCursor = (r: Row) => Buffer.from(`${r.responded_at.toISOString()}|${r.id}`).toString('base64url');
function decodeCursor(c: string): { at: Date; id: string } {
  const [at, id] = Buffer.from(c, 'base64url').toString('utf8').split('|');
  const date = new Date(at ?? '');
  if (!id || Number.isNaN(date.getTime())) throw new AppError('validation_failed', 'Invalid cursor');
  return { at: date, id };
}

/** A survey's responses, newest first, page by page. */
export async function listResponses(
  ctx: Pick<Ctx, 'db'>,
  surveyId: string,
  q: { from?: Date; to?: Date; channel?: Channel; customerId?: string; cursor?: string; limit: number },
): Promise<{ data: ResponseView[]; nextCursor: string | null }> {
  let query = ctx.db.selectFrom('survey_response').selectAll().where('survey_id', '=', surveyId);
  if (q.from) query = query.where('responded_at', '>=', q.from);
  if (q.to) query = query.where('responded_at', '<', q.to);
  if (q.channel) query = query.where('channel', '=', q.channel);
  if (q.customerId) query = query.where('customer_id', '=', q.customerId);
  if (q.cursor) {
    const c = decodeCursor(q.cursor);
    query = query.where((eb) =>
      eb.or([eb('responded_at', '<', c.at), eb.and([eb('responded_at', '=', c.at), eb('id', '<', c.id)])]),
    );
  }
  const rows = await query
    .orderBy('responded_at', 'desc')
    .orderBy('id', 'desc')
    .limit(q.limit + 1)
    .execute();
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  return {
    data: page.map(toResponseView),
    nextCursor: rows.length > q.limit && last ? encodeCursor(last) : null,
  };
}

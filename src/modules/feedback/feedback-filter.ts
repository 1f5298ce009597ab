import { type RawBuilder, sql } from 'kysely';
import { z } from 'zod';
import { isoDateTime } from '../customers/schemas.ts';
import { channels } from '../customers/tables.ts';

/** The filters the results endpoints share. `segment` is `lifecycle:<stage>`, `status:<status>` or `anonymous`. */
export const feedbackFilter = z.object({
  from: isoDateTime.optional(),
  to: isoDateTime.optional(),
  surveyId: z.string().uuid().optional(),
  channel: z.enum(channels).optional(),
  segment: z
    .string()
    .regex(
      /^(lifecycle:.{1,40}|status:(active|lapsed|churned)|anonymous)$/,
      'must be lifecycle:<stage>, status:<status> or anonymous',
    )
    .optional(),
});
export type FeedbackFilter = z.infer<typeof feedbackFilter>;

/** The SQL condition on survey_response (alias-free) for a filter. */
export function responseWhere(f: FeedbackFilter): RawBuilder<unknown> {
  const parts = [sql`true`];
  if (f.from) parts.push(sql`responded_at >= ${f.from}`);
  if (f.to) parts.push(sql`responded_at < ${f.to}`);
  if (f.surveyId) parts.push(sql`survey_id = ${f.surveyId}`);
  if (f.channel) parts.push(sql`channel = ${f.channel}`);
  if (f.segment === 'anonymous') parts.push(sql`customer_id is null`);
  else if (f.segment?.startsWith('lifecycle:'))
    parts.push(sql`lifecycle_stage = ${f.segment.slice('lifecycle:'.length)}`);
  else if (f.segment?.startsWith('status:'))
    parts.push(sql`customer_status = ${f.segment.slice('status:'.length)}`);
  return sql.join(parts, sql` and `);
}

/** Low scores as the closed loop reads them: NPS ≤ 6, CSAT ≤ 2, CES ≤ 3. */
export const isLowSql = sql`case when score is null or type not in ('nps', 'csat', 'ces') then null
  when (type = 'nps' and score <= 6) or (type = 'csat' and score <= 2) or (type = 'ces' and score <= 3) then true
  else false end`;

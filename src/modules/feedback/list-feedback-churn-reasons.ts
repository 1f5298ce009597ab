import { sql } from 'kysely';
import type { Ctx } from '../../kernel/context.ts';
import type { ChurnReasonItem, ChurnReasonSource } from '../insight/index.ts';
import { isLowSql } from './feedback-filter.ts';

/**
 * Churn reasons from what churned customers told us: the comment themes of their unhappy answers
 * (a low score, or a negative comment without a score) and of any answer given after they were
 * marked churned (the nearest thing to an exit survey: surveys have no exit type). One item per
 * customer and theme, labelled from the theme lexicon.
 */
export async function listFeedbackChurnReasons(
  ctx: Pick<Ctx, 'db'>,
  customerIds: string[],
): Promise<ChurnReasonItem[]> {
  if (customerIds.length === 0) return [];
  const rows = await sql<{ customer_id: string; reason: string }>`
    with r as (
      select customer_id, themes from survey_response
      where customer_id = any(${customerIds}::uuid[]) and cardinality(themes) > 0
        and (${isLowSql} is true
          or (score is null and sentiment < 0)
          or (customer_status = 'churned' and coalesce(sentiment, 0) <= 0)))
    select distinct r.customer_id, coalesce(t.label, x.theme) as reason
    from r cross join unnest(r.themes) as x(theme)
    left join feedback_theme t on t.slug = x.theme
    order by r.customer_id, reason`.execute(ctx.db);
  return rows.rows.map((r) => ({ customerId: r.customer_id, reason: r.reason }));
}

/** What the feedback module registers with insight's "why customers leave" (see src/app.ts). */
export const feedbackChurnReasonSource: ChurnReasonSource = {
  key: 'feedback-themes',
  label: 'Survey comment themes',
  list: listFeedbackChurnReasons,
};

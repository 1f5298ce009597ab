import { sql } from 'kysely';
import type { Ctx } from '../../kernel/context.ts';
import type { ComponentReading, HealthComponentProvider } from '../insight/index.ts';
import { isScoreType, type ScoreType, scales } from './schemas.ts';

// An answer loses half its say for every 180 days it is older than the customer's latest one.
const HALF_LIFE_DAYS = 180;
const DAY_MS = 86_400_000;
const NAMES: Record<ScoreType, string> = { nps: 'NPS', csat: 'CSAT', ces: 'CES' };

/** A score on its scale → 0–100 (NPS 0–10, CSAT 1–5, CES 1–7; higher is better on all three). */
const normalizeScore = (type: ScoreType, score: number): number => {
  const s = scales[type];
  return (100 * (Math.min(s.max, Math.max(s.min, score)) - s.min)) / (s.max - s.min);
};

const describe = (type: ScoreType, score: number): string => {
  if (type === 'nps') {
    const group = score <= 6 ? 'detractor' : score <= 8 ? 'passive' : 'promoter';
    return `NPS ${score} (${group})`;
  }
  return `${NAMES[type]} ${score} of ${scales[type].max}`;
};

/**
 * The "feedback" health component: each customer's latest NPS, CSAT and CES answers (every
 * score question of every answer counts, not only the first), each mapped to 0–100 and averaged,
 * older kinds weighing less than the most recent one. Customers who never answered get no reading.
 */
export async function readFeedbackHealth(
  ctx: Pick<Ctx, 'db'>,
  customerIds: string[],
): Promise<Map<string, ComponentReading>> {
  const out = new Map<string, ComponentReading>();
  if (customerIds.length === 0) return out;
  const rows = await sql<{ customer_id: string; type: string; score: number; responded_at: Date }>`
    select distinct on (r.customer_id, a->>'type')
      r.customer_id, a->>'type' as type, (a->>'score')::float8 as score, r.responded_at
    from survey_response r cross join lateral jsonb_array_elements(r.answers) as a
    where r.customer_id = any(${customerIds}::uuid[])
      and a->>'type' in ('nps', 'csat', 'ces') and jsonb_typeof(a->'score') = 'number'
    order by r.customer_id, a->>'type', r.responded_at desc, r.id desc`.execute(ctx.db);
  const byCustomer = new Map<string, { type: ScoreType; score: number; at: Date }[]>();
  for (const r of rows.rows) {
    if (!isScoreType(r.type)) continue;
    const list = byCustomer.get(r.customer_id) ?? [];
    list.push({ type: r.type, score: r.score, at: r.responded_at });
    byCustomer.set(r.customer_id, list);
  }
  for (const [customerId, list] of byCustomer) {
    list.sort((a, b) => b.at.getTime() - a.at.getTime() || a.type.localeCompare(b.type));
    const latest = (list[0] as (typeof list)[number]).at.getTime();
    let sum = 0;
    let weights = 0;
    for (const a of list) {
      const w = 0.5 ** ((latest - a.at.getTime()) / DAY_MS / HALF_LIFE_DAYS);
      sum += w * normalizeScore(a.type, a.score);
      weights += w;
    }
    const detail = `Latest ${list
      .map((a) => `${describe(a.type, a.score)} on ${a.at.toISOString().slice(0, 10)}`)
      .join(', ')}`;
    out.set(customerId, { score: sum / weights, detail });
  }
  return out;
}

/** What the feedback module registers with insight (see src/app.ts). */
export const feedbackHealthComponent: HealthComponentProvider = {
  key: 'feedback',
  label: 'Survey answers (NPS, CSAT, CES)',
  read: readFeedbackHealth,
};

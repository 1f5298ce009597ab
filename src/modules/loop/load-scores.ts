import type { Ctx } from '../../kernel/context.ts';
import { getCustomerScores } from '../insight/index.ts';

/**
 * The customer's latest insight scores as rules see them (`scores.health`, `scores.pAlive`,
 * `scores.healthDrop30d`…), or `{}` before insight has scored them: rules then use `has()`.
 */
export async function loadScores(
  ctx: Pick<Ctx, 'db' | 'clock'>,
  customerId: string,
): Promise<Record<string, unknown>> {
  const s = await getCustomerScores(ctx, customerId);
  if (!s) return {};
  const since = new Date(s.scoredAt.getTime() - 30 * 86_400_000).toISOString().slice(0, 10);
  const recent = s.history.filter((h) => h.on >= since && h.health !== null).map((h) => h.health as number);
  const peak = recent.length ? Math.max(...recent) : null;
  const out: Record<string, unknown> = {
    scoredAt: s.scoredAt,
    lapsed: s.lapsed,
  };
  // Absent rather than null, so `has(scores.health)` reads naturally in conditions.
  const put = (k: string, v: number | string | null | undefined) => {
    if (v !== null && v !== undefined) out[k] = v;
  };
  put('health', s.health);
  put('healthDrop30d', peak !== null && s.health !== null ? Math.max(0, peak - s.health) : null);
  put('pAlive', s.pAlive);
  put('churnProbability', s.churnProbability);
  put('expectedPurchases', s.expectedPurchases);
  put('clvMinor', s.clv?.minor);
  put('rfmSegment', s.rfm?.segment);
  return out;
}

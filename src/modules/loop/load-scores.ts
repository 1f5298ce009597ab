import type { Ctx } from '../../kernel/context.ts';
import { listRuleScores } from '../insight/index.ts';

/**
 * The customers' latest insight scores as rules see them (`scores.health`, `scores.pAlive`,
 * `scores.healthDrop30d`…), or `{}` before insight has scored them: rules then use `has()`.
 */
export async function loadScores(
  ctx: Pick<Ctx, 'db'>,
  customerIds: string[],
): Promise<Map<string, Record<string, unknown>>> {
  const scored = await listRuleScores(ctx, customerIds);
  return new Map(
    customerIds.map((id) => {
      const s = scored.get(id);
      if (!s) return [id, {}];
      const out: Record<string, unknown> = { scoredAt: s.scoredAt, lapsed: s.lapsed };
      // Absent rather than null, so `has(scores.health)` reads naturally in conditions.
      for (const [k, v] of Object.entries(s)) if (v !== null && v !== undefined && !(k in out)) out[k] = v;
      return [id, out];
    }),
  );
}

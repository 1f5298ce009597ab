import type { Ctx } from '../../../kernel/context.ts';
import { getWinbackResults } from './get-winback-results.ts';
import type { WinbackResults } from './schemas.ts';

export type WinbackRunSummary = {
  id: string;
  trigger: 'schedule' | 'manual';
  startedAt: Date;
  reactivationDays: number;
  results: WinbackResults;
};

/** The latest runs, newest first, each with its results now (reactivations keep arriving). */
export async function listWinbackRuns(
  ctx: Pick<Ctx, 'db'>,
  opts: { limit: number; id?: string },
): Promise<WinbackRunSummary[]> {
  let q = ctx.db.selectFrom('winback_run').select(['id', 'trigger', 'started_at', 'reactivation_days']);
  if (opts.id) q = q.where('id', '=', opts.id);
  const runs = await q.orderBy('started_at', 'desc').orderBy('id', 'desc').limit(opts.limit).execute();
  return Promise.all(
    runs.map(async (r) => ({
      id: r.id,
      trigger: r.trigger,
      startedAt: r.started_at,
      reactivationDays: r.reactivation_days,
      results: await getWinbackResults(ctx, r.id),
    })),
  );
}

import type { Ctx } from '../../../kernel/context.ts';
import type { CustomerData } from './customer-data.ts';
import { type ScoringContext, scoreBatch } from './score-batch.ts';
import { writeScores } from './write-scores.ts';

const BATCH = 5000;
const IN_FLIGHT = 2;

/**
 * Scores every customer in batches and writes them while the next batches are computed: Node's
 * scoring and PostgreSQL's inserts then run side by side instead of taking turns. A failed write
 * fails the run (the rejection surfaces at the latest when all writes are awaited).
 */
export async function scoreAll(
  ctx: Pick<Ctx, 'db'>,
  data: CustomerData,
  s: ScoringContext,
  run: { id: string; scoredAt: Date; scoredOn: string; currency: string },
  onProgress?: (done: number, total: number) => void,
): Promise<{ computeMs: number; waitMs: number }> {
  // Up to two writes in flight: PostgreSQL can use both cores while Node computes the next batch.
  const pending: Promise<void>[] = [];
  // A write that fails while another is awaited must not become an unhandled rejection.
  let failure: unknown;
  let computeMs = 0;
  let waitMs = 0;
  for (let start = 0; start < data.size; start += BATCH) {
    const idx = Array.from({ length: Math.min(BATCH, data.size - start) }, (_, k) => start + k);
    const t0 = performance.now();
    const rows = await scoreBatch(ctx, data, idx, s);
    const t1 = performance.now();
    computeMs += t1 - t0;
    if (pending.length >= IN_FLIGHT) await pending.shift();
    waitMs += performance.now() - t1;
    if (failure) throw failure;
    pending.push(
      writeScores(ctx, run, rows).catch((err: unknown) => {
        failure ??= err;
      }),
    );
    onProgress?.(start + idx.length, data.size);
  }
  const t2 = performance.now();
  await Promise.all(pending);
  waitMs += performance.now() - t2;
  if (failure) throw failure;
  return { computeMs, waitMs };
}

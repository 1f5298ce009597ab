import type { Ctx } from '../../../kernel/context.ts';
import { boundedRead, isCancelled } from '../../../kernel/db/bounded-read.ts';
import type { Db } from '../../../kernel/db/pool.ts';
import { AppError } from '../../../kernel/errors.ts';

export type SegmentReadOptions = {
  /** The client went away: the statement in flight is cancelled. */
  signal?: AbortSignal;
  /** Each statement's limit; a segment that takes longer is refused with a 503 saying so. */
  statementTimeoutMs?: number;
};

/** Evaluating a segment over a million customers takes about a second (bench/segment-eval.ts). */
export const SEGMENT_STATEMENT_TIMEOUT_MS = 15_000;

/** Runs a segment read read-only under a statement time limit (kernel/db/bounded-read.ts). */
export async function readSegment<T>(
  ctx: Pick<Ctx, 'db'>,
  opts: SegmentReadOptions,
  read: (db: Db) => Promise<T>,
): Promise<T> {
  const ms = opts.statementTimeoutMs ?? SEGMENT_STATEMENT_TIMEOUT_MS;
  try {
    return await boundedRead(ctx.db, { statementTimeoutMs: ms, signal: opts.signal }, read);
  } catch (err) {
    if (isCancelled(err) && !opts.signal?.aborted)
      throw new AppError(
        'unavailable',
        `The segment took longer than ${ms / 1000} s to evaluate; try again later or narrow it.`,
      );
    throw err;
  }
}

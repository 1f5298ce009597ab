import type { FastifyReply } from 'fastify';
import type { Ctx } from '../context.ts';
import { boundedRead, isCancelled } from '../db/bounded-read.ts';
import { AppError } from '../errors.ts';
import { requestSignal } from './request-signal.ts';

/** Long enough for any report on a large base; short enough that no one request holds a connection for minutes. */
export const REPORT_STATEMENT_TIMEOUT_MS = 30_000;

/**
 * Runs a report computed on request (cohorts, survival, reasons over a chosen period…) as a
 * bounded read: read-only, each statement under a time limit, stopped when the client leaves.
 * A report over the limit answers 503 saying so, rather than running on for everyone else.
 */
export async function boundedReport<T>(
  ctx: Ctx,
  reply: FastifyReply,
  read: (ctx: Ctx) => Promise<T>,
  statementTimeoutMs = REPORT_STATEMENT_TIMEOUT_MS,
): Promise<T> {
  try {
    return await boundedRead(ctx.db, { statementTimeoutMs, signal: requestSignal(reply) }, (db) =>
      read({ ...ctx, db }),
    );
  } catch (err) {
    if (!isCancelled(err)) throw err;
    throw new AppError(
      'unavailable',
      `This report took longer than ${statementTimeoutMs / 1000} s and was stopped so the database stays ` +
        'free for others; the nightly scoring run keeps the default views precomputed.',
    );
  }
}

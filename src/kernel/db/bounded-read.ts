import { sql } from 'kysely';
import { AppError } from '../errors.ts';
import type { Db } from './pool.ts';

export type ReadBounds = {
  /** Each statement of the read is cancelled by PostgreSQL after this long. */
  statementTimeoutMs: number;
  /** The caller lost interest (the HTTP client went away): the running statement is cancelled. */
  signal?: AbortSignal;
};

/** PostgreSQL's "canceling statement due to statement timeout" (or a pg_cancel_backend). */
export const isCancelled = (err: unknown) => (err as { code?: string } | null)?.code === '57014';

/**
 * Runs an expensive read (a dry run over months of history, a report) in one read-only
 * transaction whose statements are limited by `statement_timeout`, and cancels the statement in
 * flight when `signal` aborts, so a client that gave up does not leave the database working for
 * it. `read` gets the transaction as its `db`.
 */
export async function boundedRead<T>(db: Db, bounds: ReadBounds, read: (db: Db) => Promise<T>): Promise<T> {
  const { signal } = bounds;
  if (signal?.aborted) throw clientGone();
  return db.transaction().execute(async (trx) => {
    await sql`set transaction read only`.execute(trx);
    const { rows } = await sql<{ pid: number }>`
      select pg_backend_pid() as pid, set_config('statement_timeout', ${String(Math.max(1, Math.floor(bounds.statementTimeoutMs)))}, true)`.execute(
      trx,
    );
    const pid = rows[0]?.pid;
    // From another pooled connection: the transaction's own one is busy with the statement.
    const cancel = () => {
      db.selectNoFrom(sql<boolean>`pg_cancel_backend(${pid})`.as('cancelled'))
        .execute()
        .catch(() => undefined);
    };
    signal?.addEventListener('abort', cancel, { once: true });
    try {
      return await read(trx);
    } catch (err) {
      if (signal?.aborted) throw clientGone();
      throw err;
    } finally {
      // Before COMMIT: a cancel may only ever reach this transaction's statements.
      signal?.removeEventListener('abort', cancel);
    }
  });
}

const clientGone = () =>
  new AppError('bad_request', 'The client went away before the answer; the read was stopped.');

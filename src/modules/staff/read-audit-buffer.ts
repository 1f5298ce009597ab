import type { Insertable } from 'kysely';
import { sql } from 'kysely';
import type { Db } from '../../kernel/db/pool.ts';
import type { StaffTables } from './tables.ts';

type Entry = Insertable<StaffTables['audit_log']>;

const FLUSH_MS = 100;
const FLUSH_AT = 500;

type Buffer = { entries: Entry[]; timer?: NodeJS.Timeout; flushing: Promise<void> };
const buffers = new WeakMap<Db, Buffer>();

/**
 * Read audit entries are gathered for up to 100 ms and written as one multi-row insert with
 * synchronous_commit off. A single write per read cost 40% of read throughput in the benchmark;
 * a crash can drop at most the last moment of read records, the same as an asynchronous commit,
 * and never a change record (those commit with the change itself).
 */
export function bufferReadAudit(db: Db, entry: Entry): void {
  let b = buffers.get(db);
  if (!b) {
    b = { entries: [], flushing: Promise.resolve() };
    buffers.set(db, b);
  }
  b.entries.push(entry);
  if (b.entries.length >= FLUSH_AT) void flushReadAudits(db);
  else if (!b.timer) {
    b.timer = setTimeout(() => void flushReadAudits(db), FLUSH_MS);
    b.timer.unref();
  }
}

/** Writes what is buffered; listing the audit log and shutting down call this first. */
export async function flushReadAudits(db: Db): Promise<void> {
  const b = buffers.get(db);
  if (!b) return;
  if (b.timer) clearTimeout(b.timer);
  b.timer = undefined;
  const batch = b.entries.splice(0);
  b.flushing = b.flushing.then(async () => {
    if (batch.length === 0) return;
    try {
      await db.transaction().execute(async (trx) => {
        await sql`set local synchronous_commit = off`.execute(trx);
        await trx.insertInto('audit_log').values(batch).execute();
      });
    } catch (err) {
      // Keep the entries for the next flush rather than lose them on a transient error.
      b.entries.unshift(...batch);
      process.emitWarning(`audit log write failed, will retry: ${(err as Error).message}`);
    }
  });
  await b.flushing;
}

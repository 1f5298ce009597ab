import type { Insertable } from 'kysely';
import { sql } from 'kysely';
import type { Db } from '../../kernel/db/pool.ts';
import type { StaffTables } from './tables.ts';

type Entry = Insertable<StaffTables['audit_log']>;

const FLUSH_MS = 100;
const FLUSH_AT = 500;

type Buffer = {
  entries: Entry[];
  /** Rows already written by a read's own statement whose view read more parts since: id → parts. */
  alsoRead: Map<string, string[]>;
  timer?: NodeJS.Timeout;
  flushing: Promise<void>;
};
const buffers = new WeakMap<Db, Buffer>();

/**
 * One look at a customer is one audit entry. Opening a customer 360 reads the profile, the
 * timeline (twice) and open work: five rows for one view made the log hard to read and five
 * times larger than it had to be. Reads of the same customer by the same actor within this
 * window fold into the first entry, whose details list the other parts (`alsoRead`) while it
 * is still in the buffer.
 */
export const VIEW_WINDOW_MS = 5 * 60_000;
/**
 * `inline`: the entry is not in the buffer but written before its read's response
 * (writeReadAudit): no row id while that write runs, then the row's id.
 */
type View = { at: number; entry: Entry; parts: Set<string>; inline?: { rowId?: string } };
const views = new WeakMap<Db, Map<string, View>>();

function bufferOf(db: Db): Buffer {
  let b = buffers.get(db);
  if (!b) {
    b = { entries: [], alsoRead: new Map(), flushing: Promise.resolve() };
    buffers.set(db, b);
  }
  return b;
}

function scheduleFlush(db: Db, b: Buffer): void {
  if (b.entries.length >= FLUSH_AT) void flushReadAudits(db);
  else if (!b.timer) {
    b.timer = setTimeout(() => void flushReadAudits(db), FLUSH_MS);
    b.timer.unref();
  }
}

/** A view whose row is already in the table gets its other parts written as `alsoRead`. */
function noteAlsoRead(db: Db, view: View): void {
  const rowId = view.inline?.rowId;
  if (!rowId || view.parts.size === 0) return;
  const b = bufferOf(db);
  b.alsoRead.set(rowId, [...view.parts]);
  scheduleFlush(db, b);
}

/** The view this entry folds into, or undefined after registering it as a new view. */
function foldIntoRecentView(db: Db, entry: Entry, inline?: View['inline']): View | undefined {
  if (!entry.customer_id || !entry.actor_id) return undefined;
  let byKey = views.get(db);
  if (!byKey) {
    byKey = new Map();
    views.set(db, byKey);
  }
  const now = Date.now();
  const key = `${entry.actor_kind}:${entry.actor_id}:${entry.customer_id}`;
  const seen = byKey.get(key);
  if (seen && now - seen.at < VIEW_WINDOW_MS) {
    if (entry.action !== seen.entry.action && !seen.parts.has(entry.action)) {
      seen.parts.add(entry.action);
      if (seen.inline) noteAlsoRead(db, seen);
      else {
        const details = JSON.parse(String(seen.entry.details ?? '{}')) as Record<string, unknown>;
        seen.entry.details = JSON.stringify({ ...details, alsoRead: [...seen.parts] });
      }
    }
    return seen;
  }
  // Views go in in time order (a key seen again is deleted and re-added), so the expired ones
  // are at the front: drop them and stop at the first live one. Scanning the whole map on every
  // new view once it held 10,000 cost 2.4% of the server's CPU in the read bench.
  if (seen) byKey.delete(key);
  for (const [k, v] of byKey) {
    if (now - v.at < VIEW_WINDOW_MS) break;
    byKey.delete(k);
  }
  byKey.set(key, { at: now, entry, parts: new Set(), ...(inline ? { inline } : {}) });
  return undefined;
}

/**
 * Undefined when the entry folds into a recent view of the same customer by the same actor:
 * nothing to write. Otherwise the view is claimed before the write, so concurrent reads fold into
 * it; `settle` gets the inserted row's id, or null when the write failed, which releases the claim.
 */
function claimReadView(db: Db, entry: Entry): { settle(rowId: string | null): void } | undefined {
  const inline: NonNullable<View['inline']> = {};
  if (foldIntoRecentView(db, entry, inline)) return undefined;
  return {
    settle(rowId) {
      const byKey = views.get(db);
      const key = `${entry.actor_kind}:${entry.actor_id}:${entry.customer_id}`;
      const view = byKey?.get(key);
      if (view?.inline !== inline) return;
      if (rowId === null) byKey?.delete(key);
      else {
        inline.rowId = rowId;
        noteAlsoRead(db, view);
      }
    },
  };
}

/**
 * Read audit entries are gathered for up to 100 ms and written as one multi-row insert with
 * synchronous_commit off. A single write per read cost 40% of read throughput in the benchmark;
 * a crash of the app can drop the last 100 ms of these read records, and never a change record
 * (those commit with the change itself) nor a customer 360's (written by its own statement).
 */
export function bufferReadAudit(db: Db, entry: Entry): void {
  const b = bufferOf(db);
  if (foldIntoRecentView(db, entry)) return;
  b.entries.push(entry);
  scheduleFlush(db, b);
}

/** Writes what is buffered; listing the audit log and shutting down call this first. */
export async function flushReadAudits(db: Db): Promise<void> {
  const b = buffers.get(db);
  if (!b) return;
  if (b.timer) clearTimeout(b.timer);
  b.timer = undefined;
  const batch = b.entries.splice(0);
  const notes = [...b.alsoRead];
  b.alsoRead.clear();
  b.flushing = b.flushing.then(async () => {
    if (batch.length === 0 && notes.length === 0) return;
    try {
      await db.transaction().execute(async (trx) => {
        await sql`set local synchronous_commit = off`.execute(trx);
        if (batch.length) await trx.insertInto('audit_log').values(batch).execute();
        if (notes.length)
          await sql`update audit_log a set details = a.details || jsonb_build_object('alsoRead', n.parts::jsonb)
            from unnest(${notes.map(([id]) => id)}::bigint[], ${notes.map(([, parts]) => JSON.stringify(parts))}::text[]) as n(id, parts)
            where a.id = n.id`.execute(trx);
      });
    } catch (err) {
      // Keep the entries for the next flush rather than lose them on a transient error.
      b.entries.unshift(...batch);
      for (const [id, parts] of notes) if (!b.alsoRead.has(id)) b.alsoRead.set(id, parts);
      process.emitWarning(`audit log write failed, will retry: ${(err as Error).message}`);
    }
  });
  await b.flushing;
}

type Pending = {
  entry: Entry;
  claim: { settle(rowId: string | null): void };
  resolve(): void;
  reject(err: unknown): void;
};
type WriteQueue = { pending: Pending[]; running: boolean };
const writeQueues = new WeakMap<Db, WriteQueue>();

/**
 * Writes a read's audit entry before the read answers (the customer 360), so a crash of the app
 * cannot lose it: resolves once the row is in PostgreSQL. Writes that arrive while one is in
 * flight go together in the next insert (a row per statement cost the 360 0.24 ms of PostgreSQL
 * CPU, +55%, in the read bench), and each with synchronous_commit off for its own transaction:
 * a crash of PostgreSQL within its WAL writer delay (200 ms by default) can lose them, as the
 * buffered read records. Nothing is written when the read folds into a recent view. Rejects when
 * the insert fails: the read fails rather than answer unrecorded.
 */
export function writeReadAudit(db: Db, entry: Entry): Promise<void> {
  const claim = claimReadView(db, entry);
  if (!claim) return Promise.resolve();
  let q = writeQueues.get(db);
  if (!q) {
    q = { pending: [], running: false };
    writeQueues.set(db, q);
  }
  const queue = q;
  return new Promise<void>((resolve, reject) => {
    queue.pending.push({ entry, claim, resolve, reject });
    if (!queue.running) void drainWrites(db, queue);
  });
}

const keyOf = (e: { actor_kind: string; actor_id?: string | null; customer_id?: string | null }) =>
  `${e.actor_kind}:${e.actor_id}:${e.customer_id}`;

async function drainWrites(db: Db, q: WriteQueue): Promise<void> {
  q.running = true;
  while (q.pending.length) {
    const batch = q.pending.splice(0, FLUSH_AT);
    try {
      const col = <K extends keyof Entry>(k: K) => batch.map((p) => p.entry[k] ?? null);
      // One statement, so the transaction-local setting and the insert share its transaction.
      const { rows } = await sql<{
        id: string;
        actor_kind: string;
        actor_id: string | null;
        customer_id: string | null;
      }>`
        with async_commit as materialized (select set_config('synchronous_commit', 'off', true))
        insert into audit_log (actor_kind, actor_id, action, customer_id, target, details, ip)
        select r.actor_kind, r.actor_id, r.action, r.customer_id, r.target, r.details::jsonb, r.ip
        from unnest(${col('actor_kind')}::text[], ${col('actor_id')}::uuid[], ${col('action')}::text[],
          ${col('customer_id')}::uuid[], ${col('target')}::text[], ${col('details')}::text[], ${col('ip')}::text[])
          as r(actor_kind, actor_id, action, customer_id, target, details, ip)
        cross join async_commit
        returning id, actor_kind, actor_id, customer_id`.execute(db);
      const ids = new Map(rows.map((r) => [keyOf(r), String(r.id)]));
      for (const p of batch) {
        p.claim.settle(ids.get(keyOf(p.entry)) ?? null);
        p.resolve();
      }
    } catch (err) {
      for (const p of batch) {
        p.claim.settle(null);
        p.reject(err);
      }
    }
  }
  q.running = false;
}

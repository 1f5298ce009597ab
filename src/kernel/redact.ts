import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Database } from './db/database.ts';

/** What erased personal text is replaced with, wherever a placeholder keeps a record readable. */
export const ERASED = '[erased]';

/**
 * Terms shorter than this are not scrubbed from other records' free text: a two-letter name
 * would otherwise blank every "Al" in every comment. Records of the erased customer itself are
 * blanked whole, whatever their length.
 */
const MIN_TERM = 4;

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The customer's identifying strings worth looking for in other records (deduplicated). */
export function usableTerms(terms: Iterable<string | null | undefined>): string[] {
  const out = new Set<string>();
  for (const t of terms) {
    const v = t?.trim();
    if (v && v.length >= MIN_TERM) out.add(v.toLowerCase());
  }
  return [...out];
}

/** ILIKE patterns matching any of the terms, for a first cheap filter in SQL. */
export const likePatterns = (terms: string[]) => terms.map((t) => `%${t.replace(/[\\%_]/g, '\\$&')}%`);

/** Replaces every occurrence of the terms (case-insensitive) in a text. */
export function scrubText(s: string, terms: string[]): string {
  if (!terms.length) return s;
  const re = new RegExp(terms.map(escapeRe).join('|'), 'gi');
  return s.replace(re, ERASED);
}

/** The same, for every string (keys kept) inside a JSON value. */
export function scrubJson<T>(v: T, terms: string[]): T {
  if (typeof v === 'string') return scrubText(v, terms) as T;
  if (Array.isArray(v)) return v.map((x) => scrubJson(x, terms)) as T;
  if (v && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, scrubJson(x, terms)])) as T;
  }
  return v;
}

/**
 * Finds the rows of a table whose text or JSON columns mention any of the terms and rewrites
 * those columns with the terms replaced. Slow on big tables (a scan per call), which is fine for
 * erasure, a rare, deliberate act. `where` narrows the scan (a SQL fragment on the table).
 */
export async function scrubMentions(
  db: Kysely<Database>,
  t: { table: string; key: string[]; text?: string[]; json?: string[]; where?: RawBuilder<unknown> },
  terms: string[],
): Promise<number> {
  if (!terms.length) return 0;
  const text = t.text ?? [];
  const json = t.json ?? [];
  const patterns = likePatterns(terms);
  const cols = [...text, ...json];
  const id = (c: string) => sql.id(c);
  const mentions = sql.join(
    cols.map((c) => sql`${id(c)}::text ilike any(${patterns}::text[])`),
    sql` or `,
  );
  const rows = await sql<Record<string, unknown>>`
    select ${sql.join([...t.key, ...cols].map(id))} from ${sql.table(t.table)}
    where (${mentions}) ${t.where ? sql`and (${t.where})` : sql``}`.execute(db);
  for (const r of rows.rows) {
    const sets = [
      ...text.map(
        (c) => sql`${id(c)} = ${typeof r[c] === 'string' ? scrubText(r[c] as string, terms) : r[c]}`,
      ),
      ...json.map(
        (c) => sql`${id(c)} = ${r[c] == null ? null : JSON.stringify(scrubJson(r[c], terms))}::jsonb`,
      ),
    ];
    const match = sql.join(
      t.key.map((k) => sql`${id(k)} = ${r[k]}`),
      sql` and `,
    );
    await sql`update ${sql.table(t.table)} set ${sql.join(sets)} where ${match}`.execute(db);
  }
  return rows.rows.length;
}

/** Keys under which records keep free text (comments, reasons, notes, summaries of events). */
const FREE_TEXT_KEYS = new Set([
  'body',
  'comment',
  'description',
  'message',
  'note',
  'reason',
  'resolutionNote',
  'subject',
  'summary',
  'text',
  'title',
]);

/**
 * For records about the erased customer: free text under the usual keys is replaced whole (it may
 * say anything about them), identifying terms are scrubbed from every other string, and
 * `properties` objects keep only numbers and booleans, like the timeline.
 */
export function redactRecord<T>(v: T, terms: string[], key = ''): T {
  if (typeof v === 'string') return (FREE_TEXT_KEYS.has(key) ? ERASED : scrubText(v, terms)) as T;
  if (Array.isArray(v)) return v.map((x) => redactRecord(x, terms, key)) as T;
  if (v && typeof v === 'object') {
    const entries = Object.entries(v);
    if (key === 'properties')
      return Object.fromEntries(
        entries.filter(([, x]) => typeof x === 'number' || typeof x === 'boolean'),
      ) as T;
    return Object.fromEntries(entries.map(([k, x]) => [k, redactRecord(x, terms, k)])) as T;
  }
  return v;
}

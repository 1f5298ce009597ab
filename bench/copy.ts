import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

/** Escapes a value for COPY's text format; `null` becomes the NULL marker. */
export function copyText(v: string | null): string {
  if (v === null) return '\\N';
  return /[\\\t\n\r]/.test(v) ? v.replace(/[\\\t\n\r]/g, (c) => copyEscapes[c] as string) : v;
}
const copyEscapes: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** A PostgreSQL array literal of text values, quoted so spaces and commas survive. */
export function textArray(items: readonly string[]): string {
  return `{${items.map((s) => `"${s.replace(/["\\]/g, (c) => `\\${c}`)}"`).join(',')}}`;
}

/**
 * Streams chunks of COPY text (many rows per chunk: one write per row would make the JS side the
 * bottleneck) into `table`. Back-pressure comes from the stream pipeline, so memory stays flat.
 */
export async function copyInto(
  client: pg.PoolClient | pg.Client,
  table: string,
  columns: readonly string[],
  chunks: Iterable<string> | AsyncIterable<string>,
  opts: { freeze?: boolean } = {},
): Promise<void> {
  const options = opts.freeze ? ' with (freeze)' : '';
  const stream = client.query(copyFrom(`copy ${table} (${columns.join(', ')}) from stdin${options}`));
  await pipeline(Readable.from(chunks, { objectMode: false }), stream);
}

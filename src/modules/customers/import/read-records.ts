import { type Readable, Transform, type TransformCallback } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { type CsvError, type Options, parse } from 'csv-parse';

import type { ImportFormat } from './formats.ts';

export type { ImportFormat };

/**
 * One record of the file. `index` counts records in file order from 0 (the header, when there
 * is one, is index 0), unreadable ones included. `line` is where the record starts, for people;
 * `end` about where it ends in the input, in bytes, for progress bars.
 */
export type SourceRecord =
  | { ok: true; index: number; line: number; end: number; fields: string[]; text: string }
  | { ok: false; index: number; line: number; end: number; reason: string; text: string };

type Parsed = { record: string[]; raw: string; info: { lines: number; bytes: number } };

const trimNewlines = (raw: string | undefined) => (raw ?? '').replace(/^[\r\n]+|[\r\n]+$/g, '');
const count = (s: string, re: RegExp) => s.match(re)?.length ?? 0;

/**
 * Streams the records of a CSV or whitespace-separated file with csv-parse, without ever holding
 * more than a small buffer. Whitespace format first collapses each run of spaces and tabs into
 * one space, then lets csv-parse split on spaces, so quoted fields may still contain spaces.
 * Records csv-parse cannot read (a broken quote) come out as `ok: false` with the reason.
 */
export async function* readRecords(
  input: Readable,
  opts: { format: ImportFormat; delimiter?: string },
): AsyncGenerator<SourceRecord> {
  let index = 0;
  // csv-parse counts a CRLF inside a quoted field as two lines; `drift` undoes that for later records.
  let drift = 0;
  const startLine = (endLine: number, text: string) => {
    const crlf = count(text, /\r\n/g);
    const line = endLine - drift - crlf - count(text, /\n/g);
    drift += crlf;
    return Math.max(1, line);
  };
  const unreadable: SourceRecord[] = [];
  const collapse = opts.format === 'whitespace' ? collapseWhitespace() : undefined;
  // Bytes the parser has consumed, not bytes read: the pipeline reads well ahead of the parser.
  let end = 0;
  const inputBytes = (parsed: number) => (end = collapse ? collapse.inputBytes(parsed) : parsed);
  const options: Options<SourceRecord, Parsed> = {
    bom: true,
    info: true,
    raw: true,
    relax_column_count: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    delimiter: opts.format === 'whitespace' ? ' ' : (opts.delimiter ?? ','),
    // on_record and on_skip run in file order, so numbering here is stable however chunks arrive.
    on_record: (rec: Parsed): SourceRecord | null => {
      const fields = rec.record;
      if (fields.length === 0 || (fields.length === 1 && fields[0]?.trim() === '')) return null;
      const text = trimNewlines(rec.raw);
      const line = startLine(rec.info.lines, text);
      return { ok: true, index: index++, line, end: inputBytes(rec.info.bytes), fields, text };
    },
    on_skip: (err: CsvError | undefined, raw: string | undefined) => {
      const text = trimNewlines(raw);
      const end = typeof err?.lines === 'number' ? err.lines : 0;
      const line = startLine(end, text);
      unreadable.push({
        ok: false,
        index: index++,
        line,
        end,
        reason: describeCsvError(err, line, line + count(text, /\n/g)),
        text,
      });
      return undefined;
    },
  };
  // The typings only overload parse() for records that stay arrays; ours become SourceRecords.
  const parser = parse(options as unknown as Options);
  // pipe() does not forward errors; a vanished file must end the import, not hang it.
  input.on('error', (err) => parser.destroy(err));
  if (collapse) {
    collapse.stream.on('error', (err) => parser.destroy(err));
    input.pipe(collapse.stream).pipe(parser);
  } else {
    input.pipe(parser);
  }
  for await (const rec of parser as AsyncIterable<SourceRecord>) {
    while (unreadable.length) yield unreadable.shift() as SourceRecord;
    yield rec;
  }
  while (unreadable.length) yield unreadable.shift() as SourceRecord;
}

function describeCsvError(err: CsvError | undefined, line: number, end: number): string {
  switch (err?.code) {
    case 'CSV_INVALID_CLOSING_QUOTE':
      return 'malformed quotes: a closing quote must be followed by the delimiter or the end of the line';
    case 'CSV_QUOTE_NOT_CLOSED':
      return end > line
        ? `a quote opened on this line is never closed, so lines ${line}-${end} could not be read`
        : 'a quote opened on this line is never closed';
    case 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH':
      return 'wrong number of fields';
    default:
      return err?.message ?? 'unreadable line';
  }
}

/**
 * Turns "  00001 19970101  1   11.77" into "00001 19970101 1 11.77", leaving quoted text alone.
 * Done before csv-parse because csv-parse builds an error object (with a stack trace) for every
 * record whose raw field count differs from the first one, which made aligned columns 3x slower.
 */
function collapseWhitespace(): { stream: Transform; inputBytes(outputBytes: number): number } {
  const decoder = new StringDecoder('utf8');
  let bytesIn = 0;
  let bytesOut = 0;
  let inQuote = false;
  let inRun = false;
  let atLineStart = true;
  const collapse = (s: string): string => {
    const parts: string[] = [];
    let start = 0;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (inQuote) {
        if (c === 34) inQuote = false;
        continue;
      }
      if (c === 32 || c === 9) {
        if (!inRun) {
          parts.push(s.slice(start, i));
          inRun = true;
        }
        continue;
      }
      const newline = c === 10 || c === 13;
      if (inRun) {
        // A run between two fields becomes one space; at either end of a line it disappears.
        if (!atLineStart && !newline) parts.push(' ');
        inRun = false;
        start = i;
      }
      if (c === 34) inQuote = true;
      atLineStart = newline;
    }
    if (!inRun) parts.push(s.slice(start));
    return parts.join('');
  };
  const stream = new Transform({
    transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback) {
      const out = collapse(decoder.write(chunk));
      bytesIn += chunk.length;
      bytesOut += Buffer.byteLength(out);
      done(null, out);
    },
    flush(done: TransformCallback) {
      done(null, collapse(decoder.end()));
    },
  });
  // Collapsing shrinks lines fairly evenly, so the ratio so far maps parsed bytes back to the file.
  return {
    stream,
    inputBytes: (outputBytes) => (bytesOut ? Math.round((outputBytes * bytesIn) / bytesOut) : 0),
  };
}

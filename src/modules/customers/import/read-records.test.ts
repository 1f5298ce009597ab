import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { type ImportFormat, readRecords, type SourceRecord } from './read-records.ts';

// Small chunks, so records and whitespace runs straddle chunk boundaries.
const chunks = (text: string, size = 7) =>
  Readable.from(
    Array.from({ length: Math.ceil(text.length / size) }, (_, i) => text.slice(i * size, (i + 1) * size)),
  );

async function read(text: string, format: ImportFormat): Promise<SourceRecord[]> {
  const out: SourceRecord[] = [];
  for await (const r of readRecords(chunks(text), { format })) out.push(r);
  return out;
}

describe('readRecords', () => {
  it('numbers CSV records by the line they start on, through blank lines, CRLF and quoted newlines', async () => {
    const recs = await read('a,b\r\n1,2\r\n\r\n"x\r\ny",3\r\n4,5\r\n', 'csv');
    expect(recs.map((r) => [r.index, r.line, r.ok && r.fields])).toEqual([
      [0, 1, ['a', 'b']],
      [1, 2, ['1', '2']],
      [2, 4, ['x\r\ny', '3']],
      [3, 6, ['4', '5']],
    ]);
    expect(recs[2]?.text).toBe('"x\r\ny",3');
  });

  it('reports a broken quote as an unreadable record with its line', async () => {
    const recs = await read('a,b\n1,2\n3,"bad"x\n', 'csv');
    const bad = recs.find((r) => !r.ok);
    expect(bad).toMatchObject({ ok: false, line: 3, index: 2 });
    expect(bad && !bad.ok && bad.reason).toMatch(/quote/);
  });

  it('splits whitespace format on runs of spaces and tabs, keeping quoted spaces', async () => {
    const recs = await read(
      ' customer_id  date \t amount\r\n 00001 19970101   11.77 \r\n\r\n  00002 "a  b"  1\r\n',
      'whitespace',
    );
    expect(recs.map((r) => [r.line, r.ok && r.fields])).toEqual([
      [1, ['customer_id', 'date', 'amount']],
      [2, ['00001', '19970101', '11.77']],
      [4, ['00002', 'a  b', '1']],
    ]);
  });
});

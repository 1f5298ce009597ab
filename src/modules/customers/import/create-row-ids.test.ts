import { describe, expect, it } from 'vitest';
import { createRowIds } from './create-row-ids.ts';

describe('createRowIds', () => {
  it('derives ids from content, numbering identical rows, whatever the order or padding', () => {
    const a = createRowIds();
    const first = [
      a(['00002', '19970112', '1', '12.00']),
      a(['00002', '19970112', '1', '12.00']),
      a(['x', 'y']),
    ];
    expect(first[0]).toMatch(/^row-[\w-]{16}$/);
    expect(first[1]).toBe(`${first[0]}-2`);
    const b = createRowIds();
    expect([
      b([' x', 'y ']),
      b(['00002', '19970112', '1', '12.00']),
      b(['00002', '19970112', '1', '12.00']),
    ]).toEqual([first[2], first[0], first[1]]);
  });

  it('forgets rows older than the window, so memory stays flat', () => {
    const ids = createRowIds(2);
    const one = ids(['1']);
    ids(['2']);
    expect(ids(['1'])).toBe(`${one}-2`);
    ids(['3']);
    ids(['4']);
    expect(ids(['1'])).toBe(one);
  });

  it('evicts the least recently seen row, exactly as a plain LRU list would', () => {
    // The reference: an array in recency order, oldest first, searched linearly.
    const window = 50;
    const recent: { key: string; n: number }[] = [];
    const expected = (key: string) => {
      const at = recent.findIndex((r) => r.key === key);
      const n = (at >= 0 ? (recent[at]?.n ?? 0) : 0) + 1;
      if (at >= 0) recent.splice(at, 1);
      recent.push({ key, n });
      if (recent.length > window) recent.shift();
      return n;
    };
    const ids = createRowIds(window);
    let seed = 7;
    for (let i = 0; i < 20_000; i++) {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      const key = String(seed % 80);
      const n = expected(key);
      const id = ids([key]);
      const base = createRowIds()([key]);
      expect(id).toBe(n === 1 ? base : `${base}-${n}`);
    }
  });
});

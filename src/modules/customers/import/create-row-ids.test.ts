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
});

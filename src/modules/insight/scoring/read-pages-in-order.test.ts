import { describe, expect, it } from 'vitest';
import type { CustomerIdRange } from '../../customers/index.ts';
import { readPagesInOrder } from './read-pages-in-order.ts';

const pages: CustomerIdRange[] = ['a', 'b', 'c', 'd', 'e'].map((id, k) => ({
  after: k ? id : null,
  through: id,
}));
const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('readPagesInOrder', () => {
  it('hands batches over in page order whichever page finishes first', async () => {
    // Later pages finish first: page k waits (5 - k) turns before each of its two batches.
    const got: string[] = [];
    const inFlight: number[] = [];
    let running = 0;
    await readPagesInOrder<string>(
      pages,
      2,
      async (page, onBatch) => {
        running++;
        inFlight.push(running);
        const k = pages.indexOf(page);
        for (const part of [1, 2]) {
          for (let i = 0; i < 5 - k; i++) await tick();
          onBatch([`${page.through}${part}`]);
        }
        running--;
      },
      (rows) => got.push(...rows),
    );
    expect(got).toEqual(['a1', 'a2', 'b1', 'b2', 'c1', 'c2', 'd1', 'd2', 'e1', 'e2']);
    expect(Math.max(...inFlight)).toBe(2);
  });

  it('fails when a page fails', async () => {
    await expect(
      readPagesInOrder(
        pages,
        2,
        async (page) => {
          if (page.through === 'c') throw new Error('page c');
        },
        () => {},
      ),
    ).rejects.toThrow('page c');
  });
});

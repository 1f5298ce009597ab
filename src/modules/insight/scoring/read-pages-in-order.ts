import type { CustomerIdRange } from '../../customers/index.ts';

/**
 * Reads pages (ranges of customer ids) `concurrency` at a time, each on its own connection, and
 * hands their batches to `add` in page order, as one read of everyone would: the page being handed
 * over streams straight through, later pages wait in memory until it is done. The order matters:
 * the runs' samples (every k-th buyer) must pick the same customers on a rerun over the same data.
 * A statement aggregating one page is one PostgreSQL backend's work (a cursor never runs in
 * parallel), so two pages use both cores while this process turns rows into columns.
 */
export async function readPagesInOrder<T>(
  pages: readonly CustomerIdRange[],
  concurrency: number,
  read: (page: CustomerIdRange, onBatch: (rows: T[]) => void) => Promise<unknown>,
  add: (rows: T[]) => void,
): Promise<void> {
  const waiting: T[][][] = pages.map(() => []);
  const done: boolean[] = pages.map(() => false);
  let current = 0;
  // Hands over every finished page after the current one, and what the next has so far.
  const advance = () => {
    while (current < pages.length && done[current]) {
      current++;
      for (const rows of waiting[current] ?? []) add(rows);
      if (current < pages.length) waiting[current] = [];
    }
  };
  let next = 0;
  const worker = async () => {
    for (let k = next++; k < pages.length; k = next++) {
      await read(pages[k] as CustomerIdRange, (rows) => {
        if (k === current) add(rows);
        else waiting[k]?.push(rows);
      });
      done[k] = true;
      advance();
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, pages.length) }, worker));
}

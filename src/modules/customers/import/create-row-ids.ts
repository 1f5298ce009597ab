import { createHash } from 'node:crypto';

/** Distinct recent rows remembered for numbering identical rows: about 1 MB, whatever the file size. */
export const ROW_ID_WINDOW = 10_000;

/**
 * Ids for the rows of a file that has no id column, taken from what the row says: a hash of its
 * cells. Re-importing the file, a re-sorted or trimmed copy of it, or a later export that
 * overlaps it (January-March, then February-April) finds the same ids, so nothing lands twice.
 * Identical rows (215 CDNOW rows occur more than once: equal purchases on one day) are numbered
 * in order, so they stay separate touchpoints. Numbering looks back over the last `window` distinct rows,
 * which keeps memory flat; identical rows further apart than that count as the same row.
 * Line numbers were rejected as ids: deleting one bad row would shift, and so re-import,
 * everything below it.
 */
export function createRowIds(window = ROW_ID_WINDOW): (fields: readonly string[]) => string {
  const seen = new Map<string, number>();
  // A Map keeps insertion order, and a deleted entry leaves a hole that `seen.keys().next()` walks
  // over from the start every time (quadratic on a long file). One live iterator walks them once:
  // every entry before it is gone, so the next one it yields is the oldest.
  const oldest = seen.keys();
  return (fields) => {
    // Trimmed cells, not raw text: CRLF versus LF, quoting or padding do not change a row.
    const hash = createHash('sha1')
      .update(JSON.stringify(fields.map((f) => f.trim())))
      .digest('base64url')
      .slice(0, 16);
    const n = (seen.get(hash) ?? 0) + 1;
    // Re-inserting moves the hash to the young end, so eviction drops the longest unseen rows.
    seen.delete(hash);
    seen.set(hash, n);
    if (seen.size > window) seen.delete(oldest.next().value as string);
    return n === 1 ? `row-${hash}` : `row-${hash}-${n}`;
  };
}

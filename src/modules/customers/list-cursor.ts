import { AppError } from '../../kernel/errors.ts';

/**
 * Where a sorted customer list stopped: the sort it belongs to, the phase (customers with a
 * value of the sort key first, then those without one), the last row's key as PostgreSQL text
 * (exact for timestamps with microseconds and for reals; null where a phase is in id order) and
 * its id. Opaque to clients; the
 * unsorted list keeps using the bare last id, so existing callers' cursors still work.
 */
export type ListCursor = { s: string; d: 'asc' | 'desc'; p: 'v' | 'n'; v: string | null; i: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const encodeCursor = (c: ListCursor): string => Buffer.from(JSON.stringify(c)).toString('base64url');

const invalid = () =>
  new AppError(
    'bad_request',
    'after: not a cursor of this list; pass nextCursor of the previous page unchanged',
  );

export function decodeCursor(after: string, sort: string, direction: 'asc' | 'desc'): ListCursor {
  let c: Partial<ListCursor>;
  try {
    c = JSON.parse(Buffer.from(after, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  const ok =
    c !== null &&
    typeof c === 'object' &&
    c.s === sort &&
    c.d === direction &&
    (c.p === 'v' || c.p === 'n') &&
    (c.v === null || typeof c.v === 'string') &&
    typeof c.i === 'string' &&
    UUID.test(c.i);
  if (!ok) throw invalid();
  return c as ListCursor;
}

/** The unsorted list's cursor: the last id, as it has always been. */
export function decodeIdCursor(after: string): string {
  if (!UUID.test(after)) throw invalid();
  return after;
}

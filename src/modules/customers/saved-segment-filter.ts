import type { RawBuilder } from 'kysely';
import type { Ctx } from '../../kernel/context.ts';
import { AppError } from '../../kernel/errors.ts';

/**
 * Turns a saved segment's id into one SQL condition on `c` (the customer) and `s` (its scores,
 * the relation registered with registerCustomerListScores), so the customer list, its count and
 * "all matching" can be narrowed to a segment. The outreach module owns segments and registers
 * this (src/wiring.ts); customers cannot import outreach, which depends on it. An unknown id
 * throws not_found.
 */
export type SavedSegmentFilter = (
  ctx: Pick<Ctx, 'db' | 'clock'>,
  segmentId: string,
) => Promise<RawBuilder<unknown>>;

let provider: SavedSegmentFilter | undefined;

export function registerSavedSegmentFilter(p: SavedSegmentFilter): void {
  provider = p;
}

export function savedSegmentCondition(
  ctx: Pick<Ctx, 'db' | 'clock'>,
  segmentId: string,
): Promise<RawBuilder<unknown>> {
  if (!provider)
    throw new AppError('bad_request', 'Segments are not available on this server (no module provides them).');
  return provider(ctx, segmentId);
}

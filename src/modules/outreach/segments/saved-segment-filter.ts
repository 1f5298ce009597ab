import type { SavedSegmentFilter } from '../../customers/index.ts';
import { segmentQuery } from './segment-query.ts';

/** Narrows the customer list to a saved segment (registered in src/wiring.ts). */
export const savedSegmentFilter: SavedSegmentFilter = async (ctx, segmentId) =>
  (await segmentQuery(ctx, { segmentId })).where;

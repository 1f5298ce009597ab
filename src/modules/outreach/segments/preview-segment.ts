import type { Ctx } from '../../../kernel/context.ts';
import { countSegment } from './count-segment.ts';
import type { Definition } from './definition.ts';
import type { SegmentReadOptions } from './read-segment.ts';
import { type SegmentMember, segmentMembers } from './segment-members.ts';

export const PREVIEW_SAMPLE = 20;

/** What the builder shows while a segment is edited: how many match now, and the first 20. */
export async function previewSegment(
  ctx: Pick<Ctx, 'db' | 'clock'>,
  definition: Definition,
  opts: SegmentReadOptions = {},
): Promise<{ count: number; sample: SegmentMember[]; fields: string[] }> {
  const [count, page] = await Promise.all([
    countSegment(ctx, { definition }, opts),
    segmentMembers(ctx, { definition }, { ...opts, limit: PREVIEW_SAMPLE }),
  ]);
  return { count, sample: page.data, fields: page.fields };
}

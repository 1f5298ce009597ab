import type { Ctx } from '../../../kernel/context.ts';
import { segmentMembers } from '../../outreach/index.ts';

const PAGE = 1000;
/** Assignment works on segments up to this size; larger ones should be split by country or language. */
export const MAX_SEGMENT_MEMBERS = 100_000;

/** Every member id of a saved segment (through outreach's export), capped. */
export async function segmentMemberIds(
  ctx: Pick<Ctx, 'db' | 'clock'>,
  segmentId: string,
): Promise<Set<string>> {
  const ids = new Set<string>();
  let after: string | undefined;
  while (ids.size < MAX_SEGMENT_MEMBERS) {
    const page = await segmentMembers(ctx, { segmentId }, { after, limit: PAGE });
    for (const m of page.data) ids.add(m.id);
    if (!page.nextCursor) break;
    after = page.nextCursor;
  }
  return ids;
}

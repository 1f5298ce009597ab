import type { Ctx } from '../../../kernel/context.ts';
import { SEGMENT_ID_SOURCE } from './map-message.ts';

/**
 * Segment `alias`: the user known as `previousId` is now also `userId`. Links the id that has no
 * customer yet to the one that has; two different existing customers are not merged here.
 */
export async function applyAlias(
  ctx: Pick<Ctx, 'db'>,
  userId: string,
  previousId: string,
): Promise<{ status: 'accepted' | 'duplicate' | 'rejected'; reason?: string }> {
  return ctx.db.transaction().execute(async (trx) => {
    const rows = await trx
      .selectFrom('customer_identity')
      .select(['external_id', 'customer_id'])
      .where('source', '=', SEGMENT_ID_SOURCE)
      .where('external_id', 'in', [userId, previousId])
      .execute();
    const byId = new Map(rows.map((r) => [r.external_id, r.customer_id]));
    const a = byId.get(userId);
    const b = byId.get(previousId);
    if (a && b) {
      return a === b
        ? { status: 'duplicate' as const }
        : {
            status: 'rejected' as const,
            reason: `userId ${userId} and previousId ${previousId} are different customers; merging is not supported`,
          };
    }
    const owner = a ?? b;
    if (!owner)
      return {
        status: 'rejected' as const,
        reason: `neither ${userId} nor ${previousId} is a known customer`,
      };
    await trx
      .insertInto('customer_identity')
      .values({ customer_id: owner, source: SEGMENT_ID_SOURCE, external_id: a ? previousId : userId })
      .onConflict((oc) => oc.doNothing())
      .execute();
    return { status: 'accepted' as const };
  });
}

import { sql } from 'kysely';
import type { InteractionListener } from '../../customers/index.ts';
import { codesOf } from '../../outreach/index.ts';

/**
 * A purchase carrying a reward's code marks its redemption used, inside the ingest transaction
 * (as offer codes are redeemed; the code keys are outreach's `codesOf`): a retried, duplicate
 * purchase is never recorded, so it never counts twice, and the first purchase carrying it wins.
 */
export const markRewardCodesUsed: InteractionListener = async (_ctx, trx, recorded) => {
  const uses = recorded
    .filter((i) => i.kind === 'purchase')
    .flatMap((i) => codesOf(i).map((code) => ({ code, i })));
  for (const { code, i } of uses)
    await sql`
      update loyalty_redemption set used_at = ${i.occurredAt}, used_on = ${`${i.source}:${i.sourceId}`}
      where code = ${code} and used_at is null`.execute(trx);
};

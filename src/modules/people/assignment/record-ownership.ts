import type { OwnerChangeListener } from '../../customers/index.ts';

/**
 * Keeps the ownership history: closes the customer's open period and opens the new owner's, in
 * the transaction that changes the owner (registered in wiring.ts). Periods are closed at the
 * change's own time, so a rep's past stays theirs.
 */
export const recordOwnership: OwnerChangeListener = async (trx, changes) => {
  for (const c of changes) {
    await trx
      .updateTable('people_ownership')
      .set({ valid_to: c.at })
      .where('customer_id', '=', c.customerId)
      .where('valid_to', 'is', null)
      .execute();
    if (c.toId)
      await trx
        .insertInto('people_ownership')
        .values({ customer_id: c.customerId, owner_id: c.toId, valid_from: c.at, reason: c.reason })
        .execute();
  }
};

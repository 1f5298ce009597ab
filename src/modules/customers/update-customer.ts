import type { Updateable } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { Ctx } from '../../kernel/context.ts';
import { AppError, notFound } from '../../kernel/errors.ts';
import { getCustomer } from './get-customer.ts';
import { notifyOwnerChanged } from './owner-change-listeners.ts';
import type { CustomerFields, CustomerView } from './schemas.ts';
import type { CustomerTables } from './tables.ts';

const columnOf = {
  name: 'name',
  emails: 'emails',
  phones: 'phones',
  address: 'address',
  timeZone: 'time_zone',
  locale: 'locale',
  status: 'status',
  lifecycleStage: 'lifecycle_stage',
  customFields: 'custom_fields',
  ownerId: 'owner_id',
} as const;

export type Actor = { staffId?: string; apiKeyId?: string };

/**
 * Changes a customer's details and, in the same transaction, appends a `profile-update`
 * interaction saying who changed what (from → to), so the timeline tells the whole story.
 * A change that changes nothing writes nothing.
 */
export async function updateCustomer(
  ctx: Pick<Ctx, 'db' | 'clock'>,
  id: string,
  fields: CustomerFields,
  actor: Actor,
): Promise<{ customer: CustomerView; changed: string[] }> {
  const before = await getCustomer(ctx, id);
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  const set: Record<string, unknown> = {};
  for (const [key, col] of Object.entries(columnOf) as [keyof CustomerFields, string][]) {
    const to = fields[key];
    if (to === undefined) continue;
    const from = before[key];
    if (JSON.stringify(from) === JSON.stringify(to)) continue;
    changes[key] = { from, to };
    set[col] = key === 'customFields' || key === 'address' ? (to === null ? null : JSON.stringify(to)) : to;
  }
  const changed = Object.keys(changes);
  if (changed.length === 0) return { customer: before, changed };

  if (fields.ownerId) {
    const owner = await ctx.db
      .selectFrom('staff')
      .select('id')
      .where('id', '=', fields.ownerId)
      .executeTakeFirst();
    if (!owner) throw new AppError('validation_failed', `ownerId: staff ${fields.ownerId} does not exist`);
  }
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('customer')
      .set({ ...(set as Updateable<CustomerTables['customer']>), updated_at: now })
      .where('id', '=', id)
      .executeTakeFirst();
    if (!updated.numUpdatedRows) throw notFound('Customer', id);
    await trx
      .insertInto('interaction')
      .values({
        customer_id: id,
        occurred_at: now,
        channel: 'system',
        kind: 'profile-update',
        direction: 'internal',
        staff_id: actor.staffId ?? null,
        subject: `Updated ${changed.join(', ')}`,
        properties: JSON.stringify({ changes, ...(actor.apiKeyId ? { apiKeyId: actor.apiKeyId } : {}) }),
        source: 'tenure',
        source_id: uuidv7(),
      })
      .execute();
    if (changes.ownerId) {
      const { from, to } = changes.ownerId as { from: string | null; to: string | null };
      await notifyOwnerChanged(trx, [
        {
          customerId: id,
          fromId: from,
          toId: to,
          at: now,
          actorStaffId: actor.staffId ?? null,
          reason: null,
        },
      ]);
    }
  });
  return { customer: await getCustomer(ctx, id), changed };
}

import { v7 as uuidv7 } from 'uuid';
import type { Ctx } from '../../kernel/context.ts';
import { AppError } from '../../kernel/errors.ts';
import { getCustomer } from './get-customer.ts';
import { notifyOwnerChanged } from './owner-change-listeners.ts';
import type { CustomerFields, CustomerView } from './schemas.ts';

export type NewCustomer = CustomerFields & { identities?: { source: string; externalId: string }[] };

export async function createCustomer(
  ctx: Pick<Ctx, 'db'> & Partial<Pick<Ctx, 'clock'>>,
  input: NewCustomer,
): Promise<CustomerView> {
  const id = uuidv7();
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('customer')
      .values({
        id,
        name: input.name ?? null,
        emails: input.emails ?? [],
        phones: input.phones ?? [],
        address: input.address ? JSON.stringify(input.address) : null,
        time_zone: input.timeZone ?? null,
        locale: input.locale ?? null,
        status: input.status ?? 'active',
        lifecycle_stage: input.lifecycleStage ?? null,
        custom_fields: JSON.stringify(input.customFields ?? {}),
        owner_id: input.ownerId ?? null,
      })
      .execute();
    if (input.ownerId) {
      await notifyOwnerChanged(trx, [
        {
          customerId: id,
          fromId: null,
          toId: input.ownerId,
          at: ctx.clock?.now() ?? new Date(),
          actorStaffId: null,
          reason: 'created',
        },
      ]);
    }
    for (const ident of input.identities ?? []) {
      const r = await trx
        .insertInto('customer_identity')
        .values({ customer_id: id, source: ident.source, external_id: ident.externalId })
        .onConflict((oc) => oc.doNothing())
        .executeTakeFirst();
      if (!r.numInsertedOrUpdatedRows) {
        throw new AppError(
          'conflict',
          `External id ${ident.source}:${ident.externalId} already belongs to another customer`,
        );
      }
    }
  });
  return getCustomer(ctx, id);
}

export async function addIdentity(
  ctx: Pick<Ctx, 'db'>,
  customerId: string,
  ident: { source: string; externalId: string },
): Promise<CustomerView> {
  await getCustomer(ctx, customerId);
  const r = await ctx.db
    .insertInto('customer_identity')
    .values({ customer_id: customerId, source: ident.source, external_id: ident.externalId })
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  if (!r.numInsertedOrUpdatedRows) {
    const owner = await ctx.db
      .selectFrom('customer_identity')
      .select('customer_id')
      .where('source', '=', ident.source)
      .where('external_id', '=', ident.externalId)
      .executeTakeFirst();
    if (owner?.customer_id !== customerId) {
      throw new AppError(
        'conflict',
        `External id ${ident.source}:${ident.externalId} already belongs to another customer`,
      );
    }
  }
  return getCustomer(ctx, customerId);
}

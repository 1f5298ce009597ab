import type { Selectable } from 'kysely';
import type { Ctx } from '../../kernel/context.ts';
import { notFound } from '../../kernel/errors.ts';
import type { CustomerView } from './schemas.ts';
import type { CustomerTables } from './tables.ts';

type CustomerRow = Selectable<CustomerTables['customer']>;

export function toCustomerView(
  r: CustomerRow,
  identities: { source: string; external_id: string }[],
): CustomerView {
  return {
    id: r.id,
    name: r.name,
    emails: r.emails,
    phones: r.phones,
    address: r.address ?? null,
    timeZone: r.time_zone,
    locale: r.locale,
    status: r.status,
    lifecycleStage: r.lifecycle_stage,
    customFields: r.custom_fields,
    ownerId: r.owner_id,
    firstSeenAt: r.first_seen_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    identities: identities.map((i) => ({ source: i.source, externalId: i.external_id })),
  };
}

export async function getCustomer(ctx: Pick<Ctx, 'db'>, id: string): Promise<CustomerView> {
  const [row, identities] = await Promise.all([
    ctx.db.selectFrom('customer').selectAll().where('id', '=', id).executeTakeFirst(),
    ctx.db
      .selectFrom('customer_identity')
      .select(['source', 'external_id'])
      .where('customer_id', '=', id)
      .execute(),
  ]);
  if (!row) throw notFound('Customer', id);
  return toCustomerView(row, identities);
}

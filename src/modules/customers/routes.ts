import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Ctx } from '../../kernel/context.ts';
import { type Access, staffIdOf } from '../../kernel/http/access.ts';
import { compiledSerializer } from '../../kernel/http/compiled-serializer.ts';
import { ingestRateLimit } from '../../kernel/http/rate-limits.ts';
import { text } from '../../kernel/validation.ts';
import { recordAudit } from '../staff/index.ts';
import { authorizeCustomerChange } from './access.ts';
import { assignOwner } from './assign-owner.ts';
import { countCustomers } from './count-customers.ts';
import { addIdentity, createCustomer } from './create-customer.ts';
import { healthBandNames, pAliveBandNames } from './customer-list-scores.ts';
import { getCustomer360 } from './get-customer-360.ts';
import { ingestEvents } from './ingest-events.ts';
import { listMatchingIds } from './list-matching-ids.ts';
import { listTimeline } from './list-timeline.ts';
import {
  customer360,
  customerFields,
  customerListRow,
  customerView,
  identityInput,
  interactionView,
  slug,
} from './schemas.ts';
import { listSorts, searchCustomers } from './search-customers.ts';
import { channels, statuses } from './tables.ts';
import { updateCustomer } from './update-customer.ts';

export const readCustomers: Access = { roles: ['admin', 'manager', 'agent'], scopes: ['read'] };
export const writeCustomers: Access = { roles: ['admin', 'manager', 'agent'], scopes: ['write'] };
export const ingest: Access = { roles: ['admin'], scopes: ['ingest'] };
/** Who may be asked at all; which customers an agent may give away is decided in access.ts. */
export const assignOwners: Access = { roles: ['admin', 'manager', 'agent'], scopes: ['write'] };

/** Owner and status of these customers as they are now, for the object-level check. */
const currentOf = (ctx: Ctx, ids: string[]) =>
  ctx.db
    .selectFrom('customer')
    .select(['id', 'owner_id as ownerId', 'status'])
    .where('id', 'in', ids)
    .execute();

const idParams = z.object({ id: z.string().uuid() });
const csv = <T extends z.ZodType<string, string>>(item: T) =>
  text(2000)
    .transform((s) => s.split(',').filter(Boolean))
    .pipe(z.array(item).max(50))
    .optional();

/** The list's filters; the same for the list, its count, and bulk actions on all matching. */
const customerFilter = z.object({
  query: text(200).optional(),
  externalId: text(200).optional(),
  idSource: slug.optional(),
  status: z.enum(statuses).optional(),
  ownerId: z.string().uuid().optional(),
  health: z.enum(healthBandNames).optional().describe('health band'),
  pAlive: z.enum(pAliveBandNames).optional().describe('P(alive) band'),
  contactedWithinDays: z.coerce
    .number()
    .int()
    .min(1)
    .max(3650)
    .optional()
    .describe('only customers with a conversation in the last N days'),
  noContactForDays: z.coerce
    .number()
    .int()
    .min(1)
    .max(3650)
    .optional()
    .describe('only customers without a conversation in the last N days (or ever)'),
  segmentId: z.string().uuid().optional().describe('only members of this saved segment'),
});

/** "Assign all N matching" acts on at most this many customers in one request. */
export const MAX_ASSIGN_BY_FILTER = 5000;

const serialize360 = compiledSerializer(customer360);

export const ingestReport = z.object({
  accepted: z.number(),
  duplicates: z.number(),
  rejected: z.array(z.object({ index: z.number(), sourceId: z.string().optional(), reason: z.string() })),
  customersCreated: z.number(),
});

export function customerRoutes(ctx: Ctx): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/api/v1/events',
      {
        // 1,000 events with their bodies; the body limit, not the events, bounds the memory a batch takes.
        bodyLimit: 4 * 1024 * 1024,
        config: { access: ingest, rateLimit: ingestRateLimit },
        schema: {
          tags: ['ingest'],
          summary: 'Append up to 1,000 touchpoints to customer timelines (idempotent by source + sourceId)',
          description:
            'Each event names its customer by `customerId` or by `externalId` (+ `idSource`, default "default"); ' +
            'unknown external ids create the customer. Events are validated one by one: invalid ones are reported ' +
            'in `rejected` with a reason and do not stop the rest. The answer comes after the commit.',
          body: z.object({ events: z.array(z.unknown()).min(1).max(1000) }),
          response: { 200: ingestReport },
        },
      },
      async (req) => ingestEvents(ctx, req.body.events),
    );

    app.get(
      '/api/v1/customers',
      {
        config: { access: readCustomers },
        schema: {
          tags: ['customers'],
          summary: 'Search customers by name, email or external id, or list them, filtered and sorted',
          description:
            'Health bands: at-risk < 40, watch 40–69, healthy ≥ 70 (of 100). P(alive) bands: low < 0.3, ' +
            'medium 0.3–0.7, high ≥ 0.7. `unscored` matches customers without that score. Contact means a ' +
            'conversation: a call, email, SMS, chat, visit, meeting, ticket, message, letter or survey ' +
            'response. Without `sort` the list is in id order (stable while customers are added), search ' +
            'results in name order; customers without the sorted score come last in either direction. ' +
            'Page with `after` = `nextCursor` of the previous page and the same filters and sort.',
          querystring: customerFilter.extend({
            sort: z.enum(listSorts).optional(),
            direction: z.enum(['asc', 'desc']).default('asc'),
            after: text(500).optional().describe('cursor: nextCursor of the previous page'),
            limit: z.coerce.number().int().min(1).max(200).default(50),
          }),
          response: { 200: z.object({ data: z.array(customerListRow), nextCursor: z.string().nullable() }) },
        },
      },
      async (req) => {
        const result = await searchCustomers(ctx, req.query);
        await recordAudit(
          ctx.db,
          req,
          { action: 'customer.search', details: { ...req.query, results: result.data.length } },
          { isRead: true },
        );
        return result;
      },
    );

    app.post(
      '/api/v1/customers',
      {
        config: { access: writeCustomers },
        schema: {
          tags: ['customers'],
          summary: 'Create a customer',
          body: customerFields.extend({ identities: z.array(identityInput).max(20).optional() }),
          response: { 201: customerView },
        },
      },
      async (req, reply) => {
        await authorizeCustomerChange(ctx, req, [{ id: null, ownerId: null, status: null }], {
          ownerId: req.body.ownerId ?? undefined,
        });
        const c = await createCustomer(ctx, req.body);
        await recordAudit(ctx.db, req, { action: 'customer.create', customerId: c.id });
        return reply.status(201).send(c);
      },
    );

    app.get(
      '/api/v1/customers/count',
      {
        config: { access: readCustomers },
        schema: {
          tags: ['customers'],
          summary: 'How many customers the list filters match',
          description:
            'Takes the filters of GET /api/v1/customers. Exact up to 100,000 matches; beyond that the ' +
            "database's estimate, with `exact: false`.",
          querystring: customerFilter,
          response: { 200: z.object({ count: z.number(), exact: z.boolean() }) },
        },
      },
      async (req) => countCustomers(ctx, req.query),
    );

    app.post(
      '/api/v1/customers/assign-owner',
      {
        config: { access: assignOwners },
        schema: {
          tags: ['customers'],
          summary:
            'Give customers the same owner (or none), in one transaction: listed, or all matching a filter',
          description:
            'Name up to 1,000 customers in `customerIds`, or give `filter` (the filters of GET ' +
            `/api/v1/customers) to act on every customer it matches, up to ${MAX_ASSIGN_BY_FILTER.toLocaleString('en-US')} ` +
            '(more is refused, nothing changed). Each customer whose owner changes gets a "profile-update" on ' +
            'its timeline, as with a single update; customers that already have that owner are counted in ' +
            '`unchanged`. Unknown customers (listed in the error) or an unknown or deactivated owner change ' +
            'nothing. One audit entry per request lists the customers changed. Agents may give only their own, ' +
            'their team’s or unowned customers, and only to themselves or a teammate (docs/permissions.md): ' +
            'one customer outside that refuses the whole request.',
          body: z
            .object({
              customerIds: z.array(z.string().uuid()).min(1).max(1000).optional(),
              filter: customerFilter.optional(),
              ownerId: z.string().uuid().nullable(),
            })
            .refine((b) => (b.customerIds === undefined) !== (b.filter === undefined), {
              message: 'give either customerIds or filter',
            }),
          response: { 200: z.object({ updated: z.number(), unchanged: z.number() }) },
        },
      },
      async (req) => {
        const p = req.principal;
        const { ownerId, filter } = req.body;
        const customerIds = filter
          ? await listMatchingIds(ctx, filter, MAX_ASSIGN_BY_FILTER)
          : (req.body.customerIds ?? []);
        if (customerIds.length === 0) return { updated: 0, unchanged: 0 };
        await authorizeCustomerChange(ctx, req, await currentOf(ctx, [...new Set(customerIds)]), {
          ownerId,
        });
        const result = await assignOwner(
          ctx,
          { customerIds, ownerId },
          { staffId: staffIdOf(req), apiKeyId: p?.kind === 'api_key' ? p.id : undefined },
          (trx, r) =>
            recordAudit(trx, req, {
              action: 'customer.assign-owner',
              target: ownerId ?? undefined,
              details: {
                ownerId,
                ...(filter ? { filter } : {}),
                count: r.changedIds.length,
                unchanged: r.unchanged,
                customerIds: r.changedIds,
              },
            }),
        );
        return { updated: result.changedIds.length, unchanged: result.unchanged };
      },
    );

    app.get(
      '/api/v1/customers/:id',
      {
        config: { access: readCustomers },
        schema: {
          tags: ['customers'],
          summary: 'Customer 360: profile and aggregates',
          params: idParams,
          response: { 200: customer360 },
        },
        // Compiled from the same schema: the 360 is the hottest read (issue 14).
        serializerCompiler: () => serialize360,
      },
      async (req) => {
        const c = await getCustomer360(ctx, req.params.id);
        // In PostgreSQL before the response leaves (batched with concurrent 360s): no crash of the
        // app loses it. None when this actor viewed the customer moments ago.
        await recordAudit(
          ctx.db,
          req,
          { action: 'customer.read', customerId: c.id },
          { isRead: true, beforeResponse: true },
        );
        return c;
      },
    );

    app.patch(
      '/api/v1/customers/:id',
      {
        config: { access: writeCustomers },
        schema: {
          tags: ['customers'],
          summary: "Update a customer's details; the change lands on the timeline",
          params: idParams,
          body: customerFields,
          response: { 200: customerView },
        },
      },
      async (req) => {
        const p = req.principal;
        await authorizeCustomerChange(ctx, req, await currentOf(ctx, [req.params.id]), req.body);
        const { customer, changed } = await updateCustomer(ctx, req.params.id, req.body, {
          staffId: staffIdOf(req),
          apiKeyId: p?.kind === 'api_key' ? p.id : undefined,
        });
        if (changed.length) {
          await recordAudit(ctx.db, req, {
            action: 'customer.update',
            customerId: customer.id,
            details: { changed },
          });
        }
        return customer;
      },
    );

    app.post(
      '/api/v1/customers/:id/identities',
      {
        config: { access: writeCustomers },
        schema: {
          tags: ['customers'],
          summary: 'Link another external id to a customer',
          params: idParams,
          body: identityInput,
          response: { 200: customerView },
        },
      },
      async (req) => {
        const c = await addIdentity(ctx, req.params.id, req.body);
        await recordAudit(ctx.db, req, {
          action: 'customer.identity.add',
          customerId: c.id,
          details: req.body,
        });
        return c;
      },
    );

    app.get(
      '/api/v1/customers/:id/timeline',
      {
        config: { access: readCustomers },
        schema: {
          tags: ['customers'],
          summary: "A customer's interactions, newest first",
          params: idParams,
          querystring: z.object({
            channel: csv(z.enum(channels)).describe('comma-separated channels'),
            kind: csv(text(40)).describe('comma-separated kinds'),
            cursor: text(200).optional(),
            limit: z.coerce.number().int().min(1).max(200).default(50),
          }),
          response: { 200: z.object({ data: z.array(interactionView), nextCursor: z.string().nullable() }) },
        },
      },
      async (req) => {
        const result = await listTimeline(ctx, req.params.id, {
          channels: req.query.channel,
          kinds: req.query.kind,
          cursor: req.query.cursor,
          limit: req.query.limit,
        });
        await recordAudit(
          ctx.db,
          req,
          { action: 'customer.timeline.read', customerId: req.params.id },
          { isRead: true },
        );
        return result;
      },
    );
  };
}

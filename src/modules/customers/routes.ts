import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Ctx } from '../../kernel/context.ts';
import { type Access, staffIdOf } from '../../kernel/http/access.ts';
import { ingestRateLimit } from '../../kernel/http/rate-limits.ts';
import { recordAudit } from '../staff/index.ts';
import { addIdentity, createCustomer } from './create-customer.ts';
import { getCustomer360 } from './get-customer-360.ts';
import { ingestEvents } from './ingest-events.ts';
import { listTimeline } from './list-timeline.ts';
import { customerFields, customerView, identityInput, interactionView, slug } from './schemas.ts';
import { searchCustomers } from './search-customers.ts';
import { channels, statuses } from './tables.ts';
import { updateCustomer } from './update-customer.ts';

export const readCustomers: Access = { roles: ['admin', 'manager', 'agent'], scopes: ['read'] };
export const writeCustomers: Access = { roles: ['admin', 'manager', 'agent'], scopes: ['write'] };
export const ingest: Access = { roles: ['admin'], scopes: ['ingest'] };

const idParams = z.object({ id: z.string().uuid() });
const csv = <T extends z.ZodType<string, string>>(item: T) =>
  z
    .string()
    .transform((s) => s.split(',').filter(Boolean))
    .pipe(z.array(item))
    .optional();

const customer360 = customerView.extend({
  aggregates: z.object({
    firstPurchaseAt: z.date().nullable(),
    lastPurchaseAt: z.date().nullable(),
    purchaseCount: z.number(),
    lifetimeSpend: z.array(z.object({ currency: z.string(), minor: z.number() })),
    tenureDays: z.number(),
    lastContactAt: z.date().nullable(),
    lastContactChannel: z.string().nullable(),
    daysSinceLastContact: z.number().nullable(),
    interactionCount: z.number(),
    openItems: z.number(),
  }),
  scores: z.record(z.string(), z.unknown()).nullable().optional().describe('insight scores, when computed'),
});

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
        bodyLimit: 16 * 1024 * 1024,
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
          summary: 'Search customers by name, email or external id, or list them',
          querystring: z.object({
            query: z.string().max(200).optional(),
            externalId: z.string().max(200).optional(),
            idSource: slug.optional(),
            status: z.enum(statuses).optional(),
            ownerId: z.string().uuid().optional(),
            after: z.string().uuid().optional().describe('cursor: nextCursor of the previous page'),
            limit: z.coerce.number().int().min(1).max(200).default(50),
          }),
          response: { 200: z.object({ data: z.array(customerView), nextCursor: z.string().nullable() }) },
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
        const c = await createCustomer(ctx, req.body);
        await recordAudit(ctx.db, req, { action: 'customer.create', customerId: c.id });
        return reply.status(201).send(c);
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
      },
      async (req) => {
        const c = await getCustomer360(ctx, req.params.id);
        await recordAudit(ctx.db, req, { action: 'customer.read', customerId: c.id }, { isRead: true });
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
            kind: csv(z.string().max(40)).describe('comma-separated kinds'),
            cursor: z.string().max(200).optional(),
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

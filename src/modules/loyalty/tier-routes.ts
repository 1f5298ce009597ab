import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Ctx } from '../../kernel/context.ts';
import { type Access, staffIdOf } from '../../kernel/http/access.ts';
import { getCustomer } from '../customers/index.ts';
import { recordAudit } from '../staff/index.ts';
import { getCustomerTier } from './tiers/get-customer-tier.ts';
import { listTiers } from './tiers/list-tiers.ts';
import { overrideTier } from './tiers/override-tier.ts';
import { saveTier } from './tiers/save-tier.ts';
import { dashboardView, overrideInput, tierInput, tierView } from './tiers/schemas.ts';
import { tierDashboard } from './tiers/tier-dashboard.ts';

const tags = ['loyalty'];
const read: Access = { roles: ['admin', 'manager', 'agent'], scopes: ['read'] };
const admin: Access = { roles: ['admin'], scopes: ['admin'] };
const manage: Access = { roles: ['admin', 'manager'], scopes: ['write'] };
const params = z.object({ id: z.string().uuid() });
const customerParams = z.object({ customerId: z.string().uuid() });

/** Tiers ("service paths"): definitions, a customer's tier, overrides, the dashboard (docs/loyalty.md). */
export function tierRoutes(ctx: Ctx): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/loyalty/tiers',
      {
        config: { access: read },
        schema: {
          tags,
          summary: 'Tier definitions, best first',
          response: { 200: z.object({ data: z.array(tierView) }) },
        },
      },
      async () => ({ data: await listTiers(ctx) }),
    );
    app.post(
      '/api/v1/loyalty/tiers',
      {
        config: { access: admin },
        schema: { tags, summary: 'Define a tier', body: tierInput, response: { 201: tierView } },
      },
      async (req, reply) => {
        const t = await saveTier(ctx, req.body);
        await recordAudit(ctx.db, req, {
          action: 'loyalty.tier.create',
          target: t.id,
          details: { name: t.name },
        });
        return reply.status(201).send(t);
      },
    );
    app.put(
      '/api/v1/loyalty/tiers/:id',
      {
        config: { access: admin },
        schema: {
          tags,
          summary: 'Replace a tier definition',
          params,
          body: tierInput,
          response: { 200: tierView },
        },
      },
      async (req) => {
        const t = await saveTier(ctx, req.body, req.params.id);
        await recordAudit(ctx.db, req, {
          action: 'loyalty.tier.update',
          target: t.id,
          details: { name: t.name },
        });
        return t;
      },
    );
    app.get(
      '/api/v1/loyalty/tiers/dashboard',
      {
        config: { access: { roles: ['admin', 'manager'], scopes: ['read'] } },
        schema: {
          tags,
          summary: 'Members, moves per month, retention, revenue and customers close to the next tier',
          querystring: z.object({
            currency: z
              .string()
              .regex(/^[A-Z]{3}$/)
              .optional()
              .describe('revenue in this currency; default the spend tiers’ currency, else USD'),
            months: z.coerce.number().int().min(1).max(36).default(12),
            closeLimit: z.coerce.number().int().min(0).max(500).default(50),
          }),
          response: { 200: dashboardView },
        },
      },
      async (req) => tierDashboard(ctx, req.query),
    );
    app.get(
      '/api/v1/loyalty/customers/:customerId/tier',
      {
        config: { access: read },
        schema: {
          tags,
          summary: "A customer's tier, override and progress to the next tier",
          params: customerParams,
          response: {
            200: z.object({
              tier: z.object({ id: z.string(), name: z.string(), rank: z.number() }).nullable(),
              since: z.date().nullable(),
              belowSince: z.date().nullable(),
              override: z
                .object({ tierId: z.string().nullable(), until: z.date(), reason: z.string() })
                .nullable(),
              next: z
                .object({
                  id: z.string(),
                  name: z.string(),
                  criterion: z.enum(['spend', 'points', 'tenure']),
                  currency: z.string().nullable(),
                  threshold: z.number(),
                  value: z.number(),
                })
                .nullable(),
            }),
          },
        },
      },
      async (req) => {
        await getCustomer(ctx, req.params.customerId);
        const r = await getCustomerTier(ctx, req.params.customerId);
        await recordAudit(
          ctx.db,
          req,
          { action: 'customer.read', customerId: req.params.customerId, details: { part: 'tier' } },
          { isRead: true },
        );
        return r;
      },
    );
    app.put(
      '/api/v1/loyalty/customers/:customerId/tier-override',
      {
        config: { access: manage },
        schema: {
          tags,
          summary: 'Put a customer in a tier (or none, tierId null) until a date, with a reason',
          params: customerParams,
          body: overrideInput,
          response: { 200: z.object({ changed: z.boolean() }) },
        },
      },
      async (req) =>
        overrideTier(ctx, req.params.customerId, req.body, staffIdOf(req) ?? null, (trx) =>
          recordAudit(trx, req, {
            action: 'loyalty.tier.override',
            customerId: req.params.customerId,
            details: { tierId: req.body.tierId, until: req.body.until, reason: req.body.reason },
          }),
        ),
    );
  };
}

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Ctx } from '../../kernel/context.ts';
import { text } from '../../kernel/validation.ts';
import { getCustomer } from '../customers/index.ts';
import { recordAudit } from '../staff/index.ts';
import { adjustPoints } from './ledger/adjust-points.ts';
import { dryRunEarnRules } from './ledger/dry-run-earn-rules.ts';
import { deleteEarnRule, listEarnRules, saveEarnRule } from './ledger/earn-rules.ts';
import { listPointsHistory } from './ledger/list-points-history.ts';
import { getLoyaltySettings, saveLoyaltySettings } from './ledger/loyalty-settings.ts';
import { readPoints } from './ledger/read-points.ts';

const read = { roles: ['admin', 'manager', 'agent'], scopes: ['read'] } as const;
const adjust = { roles: ['admin', 'manager'], scopes: ['write'] } as const;
const admin = { roles: ['admin'], scopes: ['admin'] } as const;
const customerParams = z.object({ customerId: z.string().uuid() });
const kind = z.enum(['earn', 'spend', 'expire', 'cancel', 'adjust']);
const ruleBody = z.object({
  name: text(100).trim().min(1),
  condition: text(2000).describe("CEL, e.g. tier == 'Gold' (true or false)"),
  points: text(2000).describe('CEL giving a whole number, e.g. int(amount)'),
  enabled: z.boolean().default(true),
});
const ruleView = ruleBody.extend({ id: z.string().uuid(), createdAt: z.date(), updatedAt: z.date() });
const settings = z.object({
  pendingDays: z.number().int().min(0).max(365),
  expiry: z.enum(['none', 'fixed', 'inactivity']),
  expiryMonths: z.number().int().min(1).max(120),
});

export function ledgerRoutes(ctx: Ctx): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/loyalty/customers/:customerId/points',
      {
        config: { access: read },
        schema: {
          tags: ['loyalty'],
          summary: "A customer's available and pending points and what expires in the next 30 days",
          params: customerParams,
          response: {
            200: z.object({
              customerId: z.string().uuid(),
              available: z.number(),
              pending: z.number(),
              expiringSoon: z.array(z.object({ points: z.number(), expiresAt: z.date() })),
              expiringSoonTotal: z.number(),
            }),
          },
        },
      },
      async (req) => {
        await getCustomer(ctx, req.params.customerId);
        await recordAudit(
          ctx.db,
          req,
          { action: 'customer.read', customerId: req.params.customerId, details: { part: 'loyalty' } },
          { isRead: true },
        );
        return readPoints(ctx, req.params.customerId);
      },
    );

    app.get(
      '/api/v1/loyalty/customers/:customerId/history',
      {
        config: { access: read },
        schema: {
          tags: ['loyalty'],
          summary: "A page of a customer's points ledger, newest first",
          params: customerParams,
          querystring: z.object({
            limit: z.coerce.number().int().min(1).max(100).default(25),
            before: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
          }),
          response: {
            200: z.object({
              data: z.array(
                z.object({
                  id: z.number(),
                  kind,
                  points: z.number(),
                  reason: z.string(),
                  source: z.string(),
                  key: z.string(),
                  code: z.string().nullable(),
                  effectiveAt: z.date(),
                  availableAt: z.date(),
                  createdAt: z.date(),
                }),
              ),
              next: z.number().nullable(),
            }),
          },
        },
      },
      async (req) => {
        await getCustomer(ctx, req.params.customerId);
        await recordAudit(
          ctx.db,
          req,
          {
            action: 'customer.read',
            customerId: req.params.customerId,
            details: { part: 'loyalty-history' },
          },
          { isRead: true },
        );
        return listPointsHistory(ctx, req.params.customerId, req.query);
      },
    );

    app.post(
      '/api/v1/loyalty/customers/:customerId/adjustments',
      {
        config: { access: adjust },
        schema: {
          tags: ['loyalty'],
          summary: 'Add or take points by hand, with a reason (audited; never below the available balance)',
          params: customerParams,
          body: z.object({
            points: z
              .number()
              .int()
              .min(-1_000_000)
              .max(1_000_000)
              .refine((n) => n !== 0, 'points must not be 0'),
            reason: text(500).trim().min(1),
            key: text(100).trim().min(1).describe('Idempotency key: the same key adjusts once'),
          }),
          response: { 200: z.object({ adjusted: z.boolean(), entryId: z.number().nullable() }) },
        },
      },
      async (req) => {
        await getCustomer(ctx, req.params.customerId);
        const by = {
          actor: req.principal ? { kind: req.principal.kind, id: req.principal.id } : undefined,
          ip: req.ip,
        };
        return adjustPoints(ctx, { customerId: req.params.customerId, ...req.body }, by);
      },
    );

    app.get(
      '/api/v1/loyalty/earn-rules',
      {
        config: { access: admin },
        schema: {
          tags: ['loyalty'],
          summary: 'Earn rules over purchases',
          response: { 200: z.object({ data: z.array(ruleView) }) },
        },
      },
      async () => ({ data: await listEarnRules(ctx.db) }),
    );

    app.post(
      '/api/v1/loyalty/earn-rules',
      {
        config: { access: admin },
        schema: {
          tags: ['loyalty'],
          summary: 'Create an earn rule (refused with where and why if it does not compile)',
          body: ruleBody,
          response: { 201: ruleView },
        },
      },
      async (req, reply) => {
        const saved = await saveEarnRule(ctx, req.body);
        await recordAudit(ctx.db, req, {
          action: 'loyalty.earn-rule.create',
          target: saved.id,
          details: req.body,
        });
        return reply.status(201).send(saved);
      },
    );

    app.put(
      '/api/v1/loyalty/earn-rules/:id',
      {
        config: { access: admin },
        schema: {
          tags: ['loyalty'],
          summary: 'Replace an earn rule',
          params: z.object({ id: z.string().uuid() }),
          body: ruleBody,
          response: { 200: ruleView },
        },
      },
      async (req) => {
        const saved = await saveEarnRule(ctx, req.body, req.params.id);
        await recordAudit(ctx.db, req, {
          action: 'loyalty.earn-rule.update',
          target: saved.id,
          details: req.body,
        });
        return saved;
      },
    );

    app.delete(
      '/api/v1/loyalty/earn-rules/:id',
      {
        config: { access: admin },
        schema: {
          tags: ['loyalty'],
          summary: 'Delete an earn rule (points already earned stay)',
          params: z.object({ id: z.string().uuid() }),
        },
      },
      async (req, reply) => {
        await deleteEarnRule(ctx.db, req.params.id);
        await recordAudit(ctx.db, req, { action: 'loyalty.earn-rule.delete', target: req.params.id });
        return reply.status(204).send();
      },
    );

    app.post(
      '/api/v1/loyalty/earn-rules/dry-run',
      {
        config: { access: admin },
        schema: {
          tags: ['loyalty'],
          summary: 'What these rules would earn over past purchases (nothing is written)',
          body: z.object({
            rules: z
              .array(ruleBody.omit({ enabled: true }))
              .min(1)
              .max(20),
            days: z.number().int().min(1).max(3650).default(365),
            maxPurchases: z.number().int().min(1).max(200_000).default(50_000),
          }),
          response: {
            200: z.object({
              from: z.date(),
              to: z.date(),
              purchasesScanned: z.number(),
              truncated: z.boolean(),
              purchasesEarning: z.number(),
              customers: z.number(),
              points: z.number(),
              rules: z.array(
                z.object({
                  name: z.string(),
                  points: z.number(),
                  purchases: z.number(),
                  errors: z.number(),
                  firstError: z.string().nullable(),
                }),
              ),
              topCustomers: z.array(
                z.object({ customerId: z.string().uuid(), points: z.number(), purchases: z.number() }),
              ),
              sample: z.array(
                z.object({
                  customerId: z.string().uuid(),
                  occurredAt: z.date(),
                  amountMinor: z.number().nullable(),
                  currency: z.string().nullable(),
                  points: z.number(),
                  rules: z.array(z.object({ name: z.string(), points: z.number() })),
                }),
              ),
            }),
          },
        },
      },
      async (req) => dryRunEarnRules(ctx, req.body),
    );

    app.get(
      '/api/v1/loyalty/settings',
      {
        config: { access: admin },
        schema: {
          tags: ['loyalty'],
          summary: 'Pending period and expiry policy',
          response: { 200: settings },
        },
      },
      async () => getLoyaltySettings(ctx.db),
    );

    app.put(
      '/api/v1/loyalty/settings',
      {
        config: { access: admin },
        schema: {
          tags: ['loyalty'],
          summary: 'Change the pending period and expiry policy',
          body: settings,
          response: { 200: settings },
        },
      },
      async (req) => {
        const saved = await saveLoyaltySettings(ctx, req.body);
        await recordAudit(ctx.db, req, { action: 'loyalty.settings.update', details: saved });
        return saved;
      },
    );
  };
}

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Ctx } from '../../kernel/context.ts';
import { text } from '../../kernel/validation.ts';
import { getCustomer } from '../customers/index.ts';
import { recordAudit } from '../staff/index.ts';
import { earnRuleRoutes } from './earn-rule-routes.ts';
import { adjustPoints } from './ledger/adjust-points.ts';
import { listPointsHistory } from './ledger/list-points-history.ts';
import { readPoints } from './ledger/read-points.ts';
import { rewardRoutes } from './reward-routes.ts';

const read = { roles: ['admin', 'manager', 'agent'], scopes: ['read'] } as const;
const adjust = { roles: ['admin', 'manager'], scopes: ['write'] } as const;
const customerParams = z.object({ customerId: z.string().uuid() });
const kind = z.enum(['earn', 'spend', 'expire', 'cancel', 'adjust']);

/** A customer's points (balance, pending, expiring, history, staff adjustments), and the earn rules and settings. */
export function ledgerRoutes(ctx: Ctx): FastifyPluginAsyncZod {
  return async (app) => {
    await app.register(earnRuleRoutes(ctx));
    await app.register(rewardRoutes(ctx));
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
  };
}

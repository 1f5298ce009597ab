import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Ctx } from '../../kernel/context.ts';
import { type Access, staffIdOf } from '../../kernel/http/access.ts';
import { text } from '../../kernel/validation.ts';
import { getCustomer } from '../customers/index.ts';
import { offerCode } from '../outreach/index.ts';
import { recordAudit } from '../staff/index.ts';
import { addRewardCodes } from './rewards/add-reward-codes.ts';
import { listRedemptions } from './rewards/list-redemptions.ts';
import { getReward, listRewards } from './rewards/list-rewards.ts';
import { redeemReward } from './rewards/redeem-reward.ts';
import { rewardsPageLink } from './rewards/reward-links.ts';
import { type RewardsPageLimits, rewardsPageRoutes } from './rewards/rewards-page-routes.ts';
import { createReward, updateReward } from './rewards/save-reward.ts';
import { redemptionView, rewardInput, rewardPatch, rewardView } from './rewards/schemas.ts';
import { sendGift } from './rewards/send-gift.ts';

const tags = ['loyalty'];
const read: Access = { roles: ['admin', 'manager', 'agent'], scopes: ['read'] };
const admin: Access = { roles: ['admin'], scopes: ['admin'] };
const serve: Access = { roles: ['admin', 'manager', 'agent'], scopes: ['write'] };
const params = z.object({ id: z.string().uuid() });
const customerParams = z.object({ customerId: z.string().uuid() });
const key = text(100).trim().min(1).describe('Idempotency key: the same key redeems once');
const auditByOf = (req: FastifyRequest) => ({
  actor: req.principal ? { kind: req.principal.kind, id: req.principal.id } : undefined,
  ip: req.ip,
});
const result = z.object({ redemption: redemptionView, replayed: z.boolean() });

/** Rewards: the catalogue, redemption for a customer, gifts, the customer's public page (docs/loyalty.md). */
export function rewardRoutes(ctx: Ctx, limits: Partial<RewardsPageLimits> = {}): FastifyPluginAsyncZod {
  return async (app) => {
    await app.register(rewardsPageRoutes(ctx, limits));
    app.get(
      '/api/v1/loyalty/rewards',
      {
        config: { access: read },
        schema: {
          tags,
          summary: 'The rewards catalogue, active first',
          querystring: z.object({ active: z.enum(['true', 'false']).optional() }),
          response: { 200: z.object({ data: z.array(rewardView) }) },
        },
      },
      async (req) => ({ data: await listRewards(ctx, { activeOnly: req.query.active === 'true' }) }),
    );
    app.get(
      '/api/v1/loyalty/rewards/:id',
      {
        config: { access: read },
        schema: { tags, summary: 'One reward', params, response: { 200: rewardView } },
      },
      async (req) => getReward(ctx, req.params.id),
    );
    app.post(
      '/api/v1/loyalty/rewards',
      {
        config: { access: admin },
        schema: { tags, summary: 'Add a reward (audited)', body: rewardInput, response: { 201: rewardView } },
      },
      async (req, reply) => reply.status(201).send(await createReward(ctx, req.body, auditByOf(req))),
    );
    app.patch(
      '/api/v1/loyalty/rewards/:id',
      {
        config: { access: admin },
        schema: {
          tags,
          summary: 'Change a reward: wording, points, stock, active (audited)',
          params,
          body: rewardPatch,
          response: { 200: rewardView },
        },
      },
      async (req) => updateReward(ctx, req.params.id, req.body, auditByOf(req)),
    );
    app.post(
      '/api/v1/loyalty/rewards/:id/codes',
      {
        config: { access: admin },
        schema: {
          tags,
          summary: "Upload codes to a pool reward (the shop's or the partner's)",
          params,
          body: z.object({ codes: z.array(offerCode).min(1).max(10_000) }),
          response: { 200: z.object({ added: z.number(), alreadyKnown: z.number() }) },
        },
      },
      async (req) => addRewardCodes(ctx, req.params.id, req.body.codes, auditByOf(req)),
    );

    app.get(
      '/api/v1/loyalty/customers/:customerId/redemptions',
      {
        config: { access: read },
        schema: {
          tags,
          summary: "A customer's redemptions and gifts, newest first",
          params: customerParams,
          querystring: z.object({
            limit: z.coerce.number().int().min(1).max(100).default(25),
            before: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
          }),
          response: { 200: z.object({ data: z.array(redemptionView), next: z.number().nullable() }) },
        },
      },
      async (req) => {
        await getCustomer(ctx, req.params.customerId);
        await recordAudit(
          ctx.db,
          req,
          { action: 'customer.read', customerId: req.params.customerId, details: { part: 'redemptions' } },
          { isRead: true },
        );
        return listRedemptions(ctx, req.params.customerId, req.query);
      },
    );
    app.post(
      '/api/v1/loyalty/customers/:customerId/redemptions',
      {
        config: { access: serve },
        schema: {
          tags,
          summary:
            'Redeem a reward for the customer: spends points, issues the code (audited; exactly once per key)',
          params: customerParams,
          body: z.object({ rewardId: z.string().uuid(), key }),
          response: { 200: result, 201: result },
        },
      },
      async (req, reply) => {
        await getCustomer(ctx, req.params.customerId);
        const r = await redeemReward(
          ctx,
          {
            customerId: req.params.customerId,
            rewardId: req.body.rewardId,
            key: `staff:${req.body.key}`,
            channel: 'staff',
            staffId: staffIdOf(req) ?? null,
          },
          auditByOf(req),
        );
        return reply.status(r.replayed ? 200 : 201).send(r);
      },
    );
    app.post(
      '/api/v1/loyalty/customers/:customerId/gifts',
      {
        config: { access: serve },
        schema: {
          tags,
          summary: 'Send the customer a gift from a case or a call (no points spent; audited; once per key)',
          params: customerParams,
          body: z.object({
            rewardId: z.string().uuid(),
            key,
            from: z.object({ kind: z.enum(['case', 'call']), ref: text(100).trim().min(1) }),
            note: text(1000).nullable().optional(),
          }),
          response: { 200: result, 201: result },
        },
      },
      async (req, reply) => {
        await getCustomer(ctx, req.params.customerId);
        const r = await sendGift(
          ctx,
          { customerId: req.params.customerId, ...req.body, staffId: staffIdOf(req) ?? null },
          auditByOf(req),
        );
        return reply.status(r.replayed ? 200 : 201).send(r);
      },
    );
    app.get(
      '/api/v1/loyalty/customers/:customerId/rewards-link',
      {
        config: { access: serve },
        schema: {
          tags,
          summary: "A signed link to the customer's public rewards page, valid 30 days (audited)",
          params: customerParams,
          response: { 200: z.object({ url: z.string(), expiresAt: z.date() }) },
        },
      },
      async (req) => {
        await getCustomer(ctx, req.params.customerId);
        await recordAudit(ctx.db, req, {
          action: 'loyalty.rewards-link',
          customerId: req.params.customerId,
        });
        const l = await rewardsPageLink(ctx, req.params.customerId, ctx.clock.now());
        return { url: l.url, expiresAt: l.expiresAt };
      },
    );
  };
}

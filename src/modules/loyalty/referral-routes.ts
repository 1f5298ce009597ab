import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Ctx } from '../../kernel/context.ts';
import { AppError } from '../../kernel/errors.ts';
import type { Access } from '../../kernel/http/access.ts';
import { findCustomerId, getCustomer } from '../customers/index.ts';
import { recordAudit } from '../staff/index.ts';
import { buildReferralReport } from './referrals/build-referral-report.ts';
import { getCustomerReferrals } from './referrals/get-customer-referrals.ts';
import { getReferralSettings } from './referrals/get-referral-settings.ts';
import { listReferrals } from './referrals/list-referrals.ts';
import { REFUSAL_WORDS, recordReferral } from './referrals/record-referral.ts';
import { referralLandingRoutes } from './referrals/referral-landing-routes.ts';
import {
  customerReferrals,
  newReferral,
  referralReport,
  referralSettings,
  referralView,
} from './referrals/schemas.ts';
import { updateReferralSettings } from './referrals/update-referral-settings.ts';

const read: Access = { roles: ['admin', 'manager', 'agent'], scopes: ['read'] };
const write: Access = { roles: ['admin', 'manager', 'agent'], scopes: ['write'] };
const managers: Access = { roles: ['admin', 'manager'], scopes: ['read'] };
const admins: Access = { roles: ['admin'], scopes: ['admin'] };

/** Referrals: codes and links, recording a referral, the list, settings and the report. */
export function referralRoutes(ctx: Ctx): FastifyPluginAsyncZod {
  return async (app) => {
    await app.register(referralLandingRoutes(ctx));

    app.get(
      '/api/v1/referrals/customers/:customerId',
      {
        config: { access: read },
        schema: {
          tags: ['loyalty'],
          summary: "A customer's referral code and link, who referred them and whom they referred",
          params: z.object({ customerId: z.string().uuid() }),
          response: { 200: customerReferrals },
        },
      },
      async (req) => {
        const { customerId } = req.params;
        await getCustomer(ctx, customerId);
        await recordAudit(ctx.db, req, { action: 'loyalty.referrals.read', customerId }, { isRead: true });
        return getCustomerReferrals(ctx, customerId);
      },
    );

    app.post(
      '/api/v1/referrals',
      {
        config: { access: write },
        schema: {
          tags: ['loyalty'],
          summary:
            'Record that the owner of a referral code referred a customer (by customerId, externalId + idSource, or email)',
          description:
            'Refused with 400 and `details.reason` for a self-referral (same customer, email, phone or ' +
            'external id) or a customer who had bought before; 404 for an unknown code or customer; ' +
            '409 when the customer was already referred.',
          body: newReferral,
          response: { 201: z.object({ referralId: z.number(), referrerId: z.string() }) },
        },
      },
      async (req, reply) => {
        const b = req.body;
        const ref = b.customerId
          ? { id: b.customerId }
          : b.externalId
            ? { externalId: b.externalId, idSource: b.idSource }
            : { email: b.email as string };
        const referredId = await findCustomerId(ctx, ref);
        if (!referredId) throw new AppError('not_found', 'No customer matches the referred customer given');
        const out = await ctx.db.transaction().execute(async (trx) => {
          const o = await recordReferral(
            { db: trx },
            { code: b.code, referredId, source: 'api', at: ctx.clock.now() },
            { persistRefusal: false },
          );
          if (o.status === 'accepted')
            await recordAudit(trx, req, {
              action: 'loyalty.referral.record',
              customerId: referredId,
              details: { referralId: o.referralId, referrerId: o.referrerId },
            });
          return o;
        });
        if (out.status === 'refused') {
          const code =
            out.reason === 'unknown-code'
              ? 'not_found'
              : out.reason === 'already-referred'
                ? 'conflict'
                : 'bad_request';
          throw new AppError(code, REFUSAL_WORDS[out.reason], { reason: out.reason });
        }
        return reply.status(201).send({ referralId: out.referralId, referrerId: out.referrerId });
      },
    );

    app.get(
      '/api/v1/referrals',
      {
        config: { access: managers },
        schema: {
          tags: ['loyalty'],
          summary: 'Referrals newest first, accepted and refused (with the reason), of one customer or all',
          querystring: z.object({
            customerId: z.string().uuid().optional(),
            status: z.enum(['accepted', 'refused']).optional(),
            before: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
            limit: z.coerce.number().int().min(1).max(500).default(100),
          }),
          response: { 200: z.object({ data: z.array(referralView) }) },
        },
      },
      async (req) => {
        const q = req.query;
        const data = await listReferrals(ctx, { ...q, beforeId: q.before });
        return { data };
      },
    );

    app.get(
      '/api/v1/referrals/report',
      {
        config: { access: managers },
        schema: {
          tags: ['loyalty'],
          summary:
            'Referred vs non-referred customers: retention curves, log-rank test, P(alive), CLV, counts',
          response: { 200: referralReport },
        },
      },
      async () => buildReferralReport(ctx),
    );

    app.get(
      '/api/v1/referrals/settings',
      {
        config: { access: managers },
        schema: {
          tags: ['loyalty'],
          summary: 'Points for the referrer and the referred customer on the first purchase',
          response: { 200: referralSettings },
        },
      },
      async () => getReferralSettings(ctx),
    );

    app.put(
      '/api/v1/referrals/settings',
      {
        config: { access: admins },
        schema: {
          tags: ['loyalty'],
          summary: 'Change the referral points (referrals already claimed keep theirs)',
          body: referralSettings.partial(),
          response: { 200: referralSettings },
        },
      },
      async (req) =>
        updateReferralSettings(ctx, req.body, {
          audit: (trx) =>
            recordAudit(trx, req, { action: 'loyalty.referral-settings.update', details: req.body }),
        }),
    );
  };
}

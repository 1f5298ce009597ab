import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Ctx } from '../../../kernel/context.ts';
import { registerFormParsers, sendPage, setPublicErrorPage } from '../../../kernel/http/public-page.ts';
import { text } from '../../../kernel/validation.ts';
import { getCustomer } from '../../customers/index.ts';
import { readPoints } from '../ledger/read-points.ts';
import { getRedemption } from './list-redemptions.ts';
import { listRewards } from './list-rewards.ts';
import { redeemReward } from './redeem-reward.ts';
import { renderRedemptionResult, renderRewardsMessage, renderRewardsPage } from './render-rewards-page.ts';
import { readRedeemForm, readRewardsPageToken, redeemFormToken } from './reward-links.ts';

export type RewardsPageLimits = { pagesPerMinute: number; postsPerMinute: number };

const tokenParams = z.object({ token: text(500).min(1) });
const formBody = z.record(text(40), text(500)).optional();
const uuid = z.string().uuid();

const badLink = (reason: 'malformed' | 'forged' | 'expired') =>
  reason === 'expired'
    ? {
        status: 410,
        html: renderRewardsMessage(
          'This rewards link has expired',
          'Links to your rewards page work for 30 days. Ask us for a new one, or use the link in our latest email.',
        ),
      }
    : {
        status: 404,
        html: renderRewardsMessage(
          'This rewards link does not work',
          'The link may be incomplete: try copying the whole address from the email into your browser.',
        ),
      };

/**
 * The customer's rewards page `/rw/:token`, reached from a signed link without signing in: the
 * balance, the rewards, and a plain form per reward (no script). Each form carries its own signed
 * one-use token whose nonce is the redemption's key: a form sent twice redeems once (the second
 * answer is a 409 page). Rate limited per address; bad links are pages that say so, never a 500.
 */
export function rewardsPageRoutes(ctx: Ctx, limits: Partial<RewardsPageLimits> = {}): FastifyPluginAsyncZod {
  const { pagesPerMinute, postsPerMinute } = { pagesPerMinute: 120, postsPerMinute: 20, ...limits };
  return async (app) => {
    registerFormParsers(app);
    setPublicErrorPage(app, {
      name: 'rewards page',
      words: (code, message) => ({
        heading: 'That did not work',
        paragraph: code === 'conflict' ? message : 'Please open the link to your rewards page again.',
      }),
      render: (w, req) => {
        const token = (req.params as { token?: string } | undefined)?.token;
        return renderRewardsMessage(w.heading, w.paragraph, token ? `/rw/${token}` : undefined);
      },
    });
    const access = { public: 'rewards page links carry their own signed token' };

    app.get(
      '/rw/:token',
      {
        config: { access, rateLimit: { max: pagesPerMinute, timeWindow: '1 minute' } },
        schema: { hide: true, params: tokenParams },
      },
      async (req, reply) => {
        const now = ctx.clock.now();
        const read = await readRewardsPageToken(ctx, req.params.token, now);
        if (!read.ok) {
          const bad = badLink(read.reason);
          return sendPage(reply, bad.status, bad.html);
        }
        const [customer, points, rewards] = await Promise.all([
          getCustomer(ctx, read.customerId),
          readPoints(ctx, read.customerId),
          listRewards(ctx, { activeOnly: true }),
        ]);
        const forms = await Promise.all(rewards.map(() => redeemFormToken(ctx, read.customerId, now)));
        const html = renderRewardsPage({
          name: customer.name,
          available: points.available,
          rewards: rewards.map((r, i) => ({ ...r, form: forms[i] as string })),
          action: `/rw/${req.params.token}`,
        });
        return sendPage(reply, 200, html);
      },
    );

    app.post(
      '/rw/:token',
      {
        config: { access, rateLimit: { max: postsPerMinute, timeWindow: '1 minute' } },
        schema: { hide: true, params: tokenParams, body: formBody },
      },
      async (req, reply) => {
        const now = ctx.clock.now();
        const back = `/rw/${req.params.token}`;
        const page = await readRewardsPageToken(ctx, req.params.token, now);
        if (!page.ok) {
          const bad = badLink(page.reason);
          return sendPage(reply, bad.status, bad.html);
        }
        const rewardId = uuid.safeParse(req.body?.rewardId);
        const form = req.body?.form ? await readRedeemForm(ctx, req.body.form, now) : null;
        if (
          !rewardId.success ||
          !form ||
          (form.ok && form.customerId !== page.customerId) ||
          (!form.ok && form.reason !== 'expired')
        )
          return sendPage(
            reply,
            400,
            renderRewardsMessage('That did not work', 'Please choose a reward on your rewards page.', back),
          );
        if (!form.ok)
          return sendPage(
            reply,
            410,
            renderRewardsMessage(
              'This page was open too long',
              'For your safety a reward must be chosen within an hour of opening the page. Nothing was redeemed: please choose again.',
              back,
            ),
          );
        const key = `public:${form.nonce}`;
        const reused = await ctx.db
          .selectFrom('loyalty_redemption')
          .select('id')
          .where('customer_id', '=', page.customerId)
          .where('idempotency_key', '=', key)
          .executeTakeFirst();
        const r = reused
          ? null
          : await redeemReward(ctx, {
              customerId: page.customerId,
              rewardId: rewardId.data,
              key,
              channel: 'public',
            });
        if (!r || r.replayed)
          return sendPage(
            reply,
            409,
            renderRewardsMessage(
              'This form was already used',
              'That reward was already redeemed with this form, and nothing more was taken.',
              `${back}/redemptions/${reused?.id ?? r?.redemption.id}`,
              'See your reward',
            ),
          );
        // Post/redirect/get: a reload shows the code again and redeems nothing.
        return reply.redirect(`${back}/redemptions/${r.redemption.id}`, 303);
      },
    );

    app.get(
      '/rw/:token/redemptions/:id',
      {
        config: { access, rateLimit: { max: pagesPerMinute, timeWindow: '1 minute' } },
        schema: {
          hide: true,
          params: tokenParams.extend({ id: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER) }),
        },
      },
      async (req, reply) => {
        const page = await readRewardsPageToken(ctx, req.params.token, ctx.clock.now());
        if (!page.ok) {
          const bad = badLink(page.reason);
          return sendPage(reply, bad.status, bad.html);
        }
        const d = await getRedemption(ctx, req.params.id).catch(() => null);
        if (!d || d.customerId !== page.customerId) {
          const bad = badLink('forged');
          return sendPage(reply, bad.status, bad.html);
        }
        return sendPage(reply, 200, renderRedemptionResult(d, `/rw/${req.params.token}`));
      },
    );
  };
}

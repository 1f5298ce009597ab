import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Ctx } from '../../../kernel/context.ts';
import { registerFormParsers, sendPage, setPublicErrorPage } from '../../../kernel/http/public-page.ts';
import { text } from '../../../kernel/validation.ts';
import { readPreferencesToken } from '../../outreach/index.ts';
import { getCustomerRewardPreference } from './get-customer-reward-preference.ts';
import { CUSTOMER_REWARDS, type CustomerReward, MAX_CHOICES } from './options.ts';
import { renderRewardsPage } from './render-rewards-page.ts';
import { setCustomerRewardPreference } from './set-customer-reward-preference.ts';

const tokenParams = z.object({ token: text(500).min(1) });
const formBody = z.record(text(50), z.union([text(400), z.array(text(50)).max(20)])).optional();
const listOf = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const HEADING = 'Which rewards do you value?';
const INTRO = 'Tell us what you would most like from us as a thank-you, so we can offer what matters to you.';

/**
 * The customer's own answer to "which rewards do you value?", at `/p/:token/rewards`: reached
 * from the preference centre with the same signed preference-centre token (the only credential),
 * a plain HTML form (no script), rate limited per address. The answer is kept with source
 * 'customer'.
 */
export function publicRewardRoutes(ctx: Ctx): FastifyPluginAsyncZod {
  return async (app) => {
    registerFormParsers(app);
    setPublicErrorPage(app, {
      name: 'reward preferences page',
      words: () => ({
        heading: 'That did not work',
        paragraph: 'The page could not use what was sent. Please open the link again.',
      }),
      render: (w) => renderRewardsPage({ heading: w.heading, paragraphs: [w.paragraph] }),
    });
    const access = { public: 'the preference-centre link carries its own signed token' };

    /** The customer of the token, or the page that says why the link does not work. */
    const customerOf = async (token: string) => {
      const read = await readPreferencesToken(ctx, token, ctx.clock.now());
      if (read.ok) return { ok: true as const, customerId: read.value.customerId };
      const expired = read.reason === 'expired';
      return {
        ok: false as const,
        status: expired ? 410 : 404,
        html: await renderRewardsPage({
          heading: expired ? 'This link has expired' : 'This link does not work',
          paragraphs: [
            expired
              ? 'Please use the link in a more recent email from us.'
              : 'The link may be incomplete: try copying the whole address from the email into your browser.',
          ],
        }),
      };
    };

    app.get(
      '/p/:token/rewards',
      {
        config: { access, rateLimit: { max: 120, timeWindow: '1 minute' } },
        schema: { hide: true, params: tokenParams, querystring: z.object({ saved: text(1).optional() }) },
      },
      async (req, reply) => {
        const who = await customerOf(req.params.token);
        if (!who.ok) return sendPage(reply, who.status, who.html);
        const pref = await getCustomerRewardPreference(ctx, who.customerId);
        const html = await renderRewardsPage({
          heading: HEADING,
          paragraphs: [INTRO],
          form: {
            action: `/p/${req.params.token}/rewards`,
            choices: pref.choices,
            note: pref.note ?? '',
            saved: req.query.saved === '1',
          },
          backPath: `/p/${req.params.token}`,
        });
        return sendPage(reply, 200, html);
      },
    );

    app.post(
      '/p/:token/rewards',
      {
        config: { access, rateLimit: { max: 30, timeWindow: '1 minute' } },
        schema: { hide: true, params: tokenParams, body: formBody },
      },
      async (req, reply) => {
        const who = await customerOf(req.params.token);
        if (!who.ok) return sendPage(reply, who.status, who.html);
        const body = req.body ?? {};
        const picked = [...new Set(listOf(body.reward))];
        const note = typeof body.note === 'string' ? body.note.trim().slice(0, 200) : '';
        const valid = picked.every((p) => (CUSTOMER_REWARDS as readonly string[]).includes(p));
        if (!valid || !picked.length || picked.length > MAX_CHOICES) {
          const html = await renderRewardsPage({
            heading: HEADING,
            paragraphs: [INTRO],
            form: {
              action: `/p/${req.params.token}/rewards`,
              choices: picked,
              note,
              saved: false,
              error: `Please tick between 1 and ${MAX_CHOICES} rewards.`,
            },
            backPath: `/p/${req.params.token}`,
          });
          return sendPage(reply, 400, html);
        }
        await setCustomerRewardPreference(ctx, who.customerId, {
          choices: picked as CustomerReward[],
          note: note || null,
          source: 'customer',
        });
        return reply.redirect(`/p/${req.params.token}/rewards?saved=1`, 303);
      },
    );
  };
}

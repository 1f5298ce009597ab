import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import type { Ctx } from '../../../kernel/context.ts';
import { registerFormParsers, sendPage, setPublicErrorPage } from '../../../kernel/http/public-page.ts';
import { getSigningKey, signToken, verifyToken } from '../../../kernel/signed-token.ts';
import { text } from '../../../kernel/validation.ts';
import { findCustomerId, recordInteractions } from '../../customers/index.ts';
import { REFERRAL_CODE, referrerOfCode } from './get-referral-code.ts';
import { renderLanding, renderReferralMessage } from './render-landing.ts';

const PURPOSE = 'referral-signup';
const FORM_HOURS = 24;
const params = z.object({ code: text(64).min(1) });
const formBody = z.record(text(50), text(400)).optional();
const email = z.string().trim().toLowerCase().email().max(320);

const unknownCode = () =>
  renderReferralMessage('This invitation link does not work', [
    'The link may be incomplete: try copying the whole address into your browser, or ask your friend for it again.',
  ]);

/**
 * The public referral link `/r/CODE`: counts the visit, and offers a plain HTML sign-up form
 * (no script) that creates the customer with the referral in one ingest transaction (the
 * referral listener records it). The code is public by design (it is shared); the form carries a
 * signed, expiring token so posts come from the page, and both routes are rate limited per address.
 * An email we already know gets the same thanks as a new one: the page never tells who is a customer.
 */
export function referralLandingRoutes(ctx: Ctx): FastifyPluginAsyncZod {
  return async (app) => {
    registerFormParsers(app);
    setPublicErrorPage(app, {
      name: 'referral page',
      words: () => ({
        heading: 'That did not work',
        paragraph: 'The page could not use what was sent. Please open the invitation link again.',
      }),
      render: (w) => renderReferralMessage(w.heading, [w.paragraph]),
    });
    const access = { public: 'referral links are shared by customers; the form carries a signed token' };

    const landing = async (code: string, extra: { error?: string; name?: string; email?: string } = {}) => {
      const key = await getSigningKey(ctx);
      const expires = new Date(ctx.clock.now().getTime() + FORM_HOURS * 3_600_000);
      return renderLanding({
        code,
        action: `/r/${code}`,
        token: signToken(key, PURPOSE, [code], expires),
        ...extra,
      });
    };

    app.get(
      '/r/:code',
      { config: { access, rateLimit: { max: 60, timeWindow: '1 minute' } }, schema: { hide: true, params } },
      async (req, reply) => {
        const code = req.params.code.trim().toUpperCase();
        if (!REFERRAL_CODE.test(code) || !(await referrerOfCode(ctx, code)))
          return sendPage(reply, 404, await unknownCode());
        const day = ctx.clock.now().toISOString().slice(0, 10);
        await sql`insert into loyalty_referral_visit (code, day) values (${code}, ${day})
          on conflict (code, day) do update set visits = loyalty_referral_visit.visits + 1`.execute(ctx.db);
        return sendPage(reply, 200, await landing(code));
      },
    );

    app.post(
      '/r/:code',
      {
        config: { access, rateLimit: { max: 10, timeWindow: '1 minute' } },
        schema: { hide: true, params, body: formBody },
      },
      async (req, reply) => {
        const code = req.params.code.trim().toUpperCase();
        if (!REFERRAL_CODE.test(code) || !(await referrerOfCode(ctx, code)))
          return sendPage(reply, 404, await unknownCode());
        const body = req.body ?? {};
        const now = ctx.clock.now();
        const check = verifyToken(await getSigningKey(ctx), PURPOSE, body.token ?? '', now);
        if (!check.ok || check.fields[0] !== code) {
          const html = await landing(code, { error: 'The form had expired. Please send it again.' });
          return sendPage(reply, 400, html);
        }
        const parsed = email.safeParse(body.email ?? '');
        const name = (body.name ?? '').trim().slice(0, 200);
        if (!parsed.success) {
          const html = await landing(code, {
            error: 'Please give a valid email address.',
            name,
            email: body.email,
          });
          return sendPage(reply, 400, html);
        }
        if (!(await findCustomerId(ctx, { email: parsed.data })))
          await recordInteractions(ctx, [
            {
              customer: {
                source: 'referral-signup',
                externalId: parsed.data,
                traits: { name: name || null, emails: [parsed.data] },
              },
              source: 'referrals',
              sourceId: `signup:${parsed.data}`,
              channel: 'web',
              kind: 'signup',
              direction: 'inbound',
              occurredAt: now,
              subject: 'Signed up through a referral link',
              properties: { referralCode: code },
            },
          ]);
        const html = await renderReferralMessage('Thank you for signing up', [
          'Your friend’s invitation is counted. Your welcome points arrive with your first purchase.',
        ]);
        return sendPage(reply, 200, html);
      },
    );
  };
}

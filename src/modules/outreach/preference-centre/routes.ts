import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Ctx } from '../../../kernel/context.ts';
import { errorHandler, toAppError } from '../../../kernel/http/error-handler.ts';
import { errorPageWords, registerFormParsers, sendPage } from '../../../kernel/http/public-page.ts';
import { text } from '../../../kernel/validation.ts';
import { CONSENT_PURPOSES, type ConsentPurpose, PURPOSE_LABELS } from '../consent-model.ts';
import { getConsentMatrix } from '../get-consent.ts';
import { type ConsentChange, setConsent } from '../set-consent.ts';
import { preferencesPathFor, readPreferencesToken, readUnsubscribeToken } from './contact-links.ts';
import { renderMessage, renderPreferences } from './render.ts';

export type PreferenceLimits = { pagesPerMinute: number; postsPerMinute: number };
const defaultLimits: PreferenceLimits = { pagesPerMinute: 120, postsPerMinute: 30 };

const tokenParams = z.object({ token: text(500).min(1) });
const formBody = z.record(text(100), z.union([text(200), z.array(text(200)).max(10)])).optional();
const listOf = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

const badLink = (reason: 'malformed' | 'forged' | 'expired', what: string) =>
  reason === 'expired'
    ? {
        status: 410,
        heading: `This ${what} link has expired`,
        paragraphs: [
          'Please use the link in a more recent email from us, or reply to one and tell us what you would like.',
        ],
      }
    : {
        status: 404,
        heading: `This ${what} link does not work`,
        paragraphs: [
          'The link may be incomplete: try copying the whole address from the email into your browser.',
        ],
      };

/**
 * The customer's own pages, reached from every email without signing in: the preference centre
 * (`/p/:token`) and one-click unsubscribe per purpose (`/u/:token`, RFC 8058). Plain HTML forms,
 * no script; the signed token is the only credential, so both are rate limited per address.
 */
export function preferenceCentreRoutes(
  ctx: Ctx,
  limits: Partial<PreferenceLimits> = {},
): FastifyPluginAsyncZod {
  const { pagesPerMinute, postsPerMinute } = { ...defaultLimits, ...limits };
  return async (app) => {
    registerFormParsers(app);
    app.setErrorHandler(async (err, req, reply) => {
      const e = toAppError(err);
      if ((req.headers.accept ?? '').includes('json') && !(req.headers.accept ?? '').includes('text/html'))
        return errorHandler(err, req, reply);
      if (e.code === 'internal') req.log.error({ err }, 'preference page failed');
      const heading =
        e.code === 'rate_limited'
          ? 'Please slow down'
          : e.code === 'internal'
            ? 'Sorry'
            : 'That did not work';
      const paragraph =
        e.code === 'rate_limited'
          ? 'Too many requests came from your network in a short time. Please wait a minute and try again.'
          : e.code === 'internal'
            ? 'Something went wrong on our side. Please try again in a few minutes.'
            : 'The page could not use what was sent. Please go back, check your choices and try again.';
      return sendPage(reply, e.status, await renderMessage({ heading, paragraphs: [paragraph] }));
    });
    const page = { max: pagesPerMinute, timeWindow: '1 minute' };
    const post = { max: postsPerMinute, timeWindow: '1 minute' };
    const access = { public: 'preference and unsubscribe links carry their own signed token' };

    const showPreferences = async (token: string, saved: boolean) => {
      const read = await readPreferencesToken(ctx, token, ctx.clock.now());
      if (!read.ok) {
        const bad = badLink(read.reason, 'preferences');
        return { status: bad.status, html: await renderMessage(bad) };
      }
      const cells = await getConsentMatrix(ctx.db, read.value.customerId);
      const subscribed = Object.fromEntries(
        CONSENT_PURPOSES.map((p) => [
          p,
          cells.find((c) => c.channel === 'email' && c.purpose === p)?.state !== 'refused',
        ]),
      ) as Record<ConsentPurpose, boolean>;
      return { status: 200, html: await renderPreferences({ action: `/p/${token}`, subscribed, saved }) };
    };

    app.get(
      '/p/:token',
      {
        config: { access, rateLimit: page },
        schema: { hide: true, params: tokenParams, querystring: z.object({ saved: text(1).optional() }) },
      },
      async (req, reply) => {
        const p = await showPreferences(req.params.token, req.query.saved === '1');
        return sendPage(reply, p.status, p.html);
      },
    );

    app.post(
      '/p/:token',
      { config: { access, rateLimit: post }, schema: { hide: true, params: tokenParams, body: formBody } },
      async (req, reply) => {
        const read = await readPreferencesToken(ctx, req.params.token, ctx.clock.now());
        if (!read.ok) {
          const bad = badLink(read.reason, 'preferences');
          return sendPage(reply, bad.status, await renderMessage(bad));
        }
        const body = req.body ?? {};
        const ticked = listOf(body.email);
        const unknown = ticked.filter((p) => !(CONSENT_PURPOSES as readonly string[]).includes(p));
        if (unknown.length || body.form !== 'preferences') {
          const html = await renderMessage({
            heading: 'That did not work',
            paragraphs: [
              'The form was not sent as we show it. Please open the page again and save your choices.',
            ],
            preferencesPath: `/p/${req.params.token}`,
          });
          return sendPage(reply, 400, html);
        }
        const off = body.all === 'off';
        const current = await getConsentMatrix(ctx.db, read.value.customerId);
        // Only what the customer changed on the page is recorded: a box left ticked over an
        // unrecorded choice stays unrecorded, an unticked one is a refusal, a re-ticked one a grant.
        const cells = CONSENT_PURPOSES.flatMap((purpose): ConsentChange[] => {
          const was = current.find((c) => c.channel === 'email' && c.purpose === purpose)?.state ?? 'unknown';
          const wants = !off && ticked.includes(purpose);
          if (!wants && was !== 'refused') return [{ channel: 'email', purpose, state: 'refused' }];
          if (wants && was === 'refused') return [{ channel: 'email', purpose, state: 'granted' }];
          return [];
        });
        await setConsent(ctx, {
          customerId: read.value.customerId,
          cells,
          source: 'preference centre',
          recordedBy: 'customer',
        });
        return reply.redirect(`/p/${req.params.token}?saved=1`, 303);
      },
    );

    const unsubscribe = async (token: string, confirmed: boolean) => {
      const now = ctx.clock.now();
      const read = await readUnsubscribeToken(ctx, token, now);
      if (!read.ok) {
        const bad = badLink(read.reason, 'unsubscribe');
        return { status: bad.status, html: await renderMessage(bad) };
      }
      const { customerId, purpose } = read.value;
      const label = PURPOSE_LABELS[purpose].plural;
      const preferencesPath = await preferencesPathFor(ctx, customerId, now);
      if (!confirmed) {
        // A page, not the unsubscribe itself: mail scanners open every link in a message.
        const html = await renderMessage({
          heading: `Unsubscribe from ${label}?`,
          paragraphs: [
            `We will stop sending you ${label} by email right away. Other emails are not affected.`,
          ],
          form: { action: `/u/${token}`, button: 'Unsubscribe me' },
          preferencesPath,
        });
        return { status: 200, html };
      }
      await setConsent(ctx, {
        customerId,
        cells: [{ channel: 'email', purpose, state: 'refused' }],
        source: 'unsubscribe link',
        recordedBy: 'customer',
      });
      const html = await renderMessage({
        heading: 'You are unsubscribed',
        paragraphs: [
          `You will not receive any more ${label} by email from us. Thank you for letting us know.`,
        ],
        preferencesPath,
      });
      return { status: 200, html };
    };

    app.get(
      '/u/:token',
      { config: { access, rateLimit: page }, schema: { hide: true, params: tokenParams } },
      async (req, reply) => {
        const p = await unsubscribe(req.params.token, false);
        return sendPage(reply, p.status, p.html);
      },
    );
    // What a mail client's one-click unsubscribe (RFC 8058) and the page's button both send.
    app.post(
      '/u/:token',
      { config: { access, rateLimit: post }, schema: { hide: true, params: tokenParams, body: formBody } },
      async (req, reply) => {
        const p = await unsubscribe(req.params.token, true);
        return sendPage(reply, p.status, p.html);
      },
    );
  };
}

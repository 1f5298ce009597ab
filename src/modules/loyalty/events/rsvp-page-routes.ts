import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Ctx } from '../../../kernel/context.ts';
import { registerFormParsers, sendPage, setPublicErrorPage } from '../../../kernel/http/public-page.ts';
import { text } from '../../../kernel/validation.ts';
import { getCustomer } from '../../customers/index.ts';
import { answerRsvp, RSVP_ANSWERS, type RsvpAnswer } from './answer-rsvp.ts';
import { describeWhen } from './compose-invitation.ts';
import { eventOf } from './event-of.ts';
import { renderRsvpMessage, renderRsvpPage } from './render-rsvp-page.ts';
import { readRsvpToken } from './rsvp-links.ts';

export type RsvpLimits = { pagesPerMinute: number; postsPerMinute: number };

const tokenParams = z.object({ token: text(500).min(1) });
const formBody = z.record(text(40), text(40)).optional();
const badLink = (reason: 'malformed' | 'forged' | 'expired') =>
  reason === 'expired'
    ? {
        status: 410,
        html: renderRsvpMessage(
          'This invitation link has expired',
          'The event is over, so answers are no longer taken.',
        ),
      }
    : {
        status: 404,
        html: renderRsvpMessage(
          'This invitation link does not work',
          'The link may be incomplete: try copying the whole address from the email into your browser.',
        ),
      };

/**
 * The invitee's RSVP page `/e/:token`, reached from the invitation email without signing in:
 * plain HTML forms, no script; the signed token is the only credential, so it is rate limited
 * per address. A bad or expired link is a page that says so (404 / 410), never a 500.
 */
export function rsvpPageRoutes(ctx: Ctx, limits: Partial<RsvpLimits> = {}): FastifyPluginAsyncZod {
  const { pagesPerMinute, postsPerMinute } = { pagesPerMinute: 120, postsPerMinute: 30, ...limits };
  return async (app) => {
    registerFormParsers(app);
    setPublicErrorPage(app, {
      name: 'rsvp page',
      words: (code, message) => ({
        heading: 'That did not work',
        paragraph: code === 'conflict' ? message : 'Please open the link from your invitation email again.',
      }),
      render: (w) => renderRsvpMessage(w.heading, w.paragraph),
    });
    const access = { public: 'invitation RSVP links carry their own signed token' };

    const show = async (token: string, saved: boolean) => {
      const now = ctx.clock.now();
      const read = await readRsvpToken(ctx, token, now);
      if (!read.ok) return badLink(read.reason);
      const inv = await ctx.db
        .selectFrom('loyalty_event_invitation as i')
        .innerJoin('loyalty_event as e', 'e.id', 'i.event_id')
        .leftJoin('loyalty_event_attendee as a', (j) =>
          j.onRef('a.event_id', '=', 'i.event_id').onRef('a.customer_id', '=', 'i.customer_id'),
        )
        .selectAll('e')
        .select(['i.customer_id', 'a.state'])
        .where('i.id', '=', read.invitationId)
        .executeTakeFirst();
      if (!inv) return badLink('forged');
      const event = eventOf(inv);
      const customer = await getCustomer(ctx, inv.customer_id);
      const html = renderRsvpPage({
        event,
        when: describeWhen(event, customer.locale),
        state: inv.state,
        action: `/e/${token}`,
        open: event.status === 'open' && event.endsAt > now,
        saved,
      });
      return { status: event.status === 'cancelled' ? 410 : 200, html };
    };

    app.get(
      '/e/:token',
      {
        config: { access, rateLimit: { max: pagesPerMinute, timeWindow: '1 minute' } },
        schema: { hide: true, params: tokenParams, querystring: z.object({ saved: text(1).optional() }) },
      },
      async (req, reply) => {
        const p = await show(req.params.token, req.query.saved === '1');
        return sendPage(reply, p.status, p.html);
      },
    );

    app.post(
      '/e/:token',
      {
        config: { access, rateLimit: { max: postsPerMinute, timeWindow: '1 minute' } },
        schema: { hide: true, params: tokenParams, body: formBody },
      },
      async (req, reply) => {
        const read = await readRsvpToken(ctx, req.params.token, ctx.clock.now());
        if (!read.ok) {
          const bad = badLink(read.reason);
          return sendPage(reply, bad.status, bad.html);
        }
        const answer = req.body?.answer;
        if (!answer || !(RSVP_ANSWERS as readonly string[]).includes(answer))
          return sendPage(
            reply,
            400,
            renderRsvpMessage(
              'That did not work',
              'Please choose one of the buttons on the invitation page.',
            ),
          );
        await answerRsvp(ctx, read.invitationId, answer as RsvpAnswer);
        // Post/redirect/get: a reload does not resend the answer.
        return reply.redirect(`/e/${req.params.token}?saved=1`, 303);
      },
    );
  };
}

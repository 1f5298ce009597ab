import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Ctx } from '../../../kernel/context.ts';
import { AppError } from '../../../kernel/errors.ts';
import { registerFormParsers, sendPage, setPublicErrorPage } from '../../../kernel/http/public-page.ts';
import { text } from '../../../kernel/validation.ts';
import {
  formBody,
  readFormAnswers,
  renderMessage,
  renderSurveyPage,
  type SurveyContent,
} from '../../feedback/index.ts';
import { answerPulse } from './answer-pulse.ts';
import { openPulseLink, type PulseLink } from './open-pulse-link.ts';
import { MIN_GROUP } from './schemas.ts';

export type PulseLimits = { pagesPerMinute: number; answersPerMinute: number };
const tokenParams = z.object({ token: text(500).min(1) });
const ANONYMITY = `Your answers are anonymous: they are stored without your name, and results are only shown for groups of ${MIN_GROUP} or more.`;

const withNotice = (c: SurveyContent): SurveyContent => ({
  ...c,
  intro: c.intro ? `${c.intro} ${ANONYMITY}` : ANONYMITY,
});

/** The page of every link state but `open`, with an HTTP status that says the same. */
async function statePage(link: Exclude<PulseLink, { state: 'open' }>) {
  const page = (status: number, heading: string, paragraph: string) =>
    renderMessage({ heading, paragraphs: [paragraph] }).then((html) => ({ status, html }));
  switch (link.state) {
    case 'invalid':
      return page(404, 'This pulse link does not work', 'Please open the link from your email again.');
    case 'expired':
    case 'closed':
      return page(410, 'This pulse has closed', 'Answers are no longer taken. Thank you all the same.');
    case 'answered':
      return page(
        409,
        'You have already answered',
        link.content?.thanks ?? 'Thank you! Each link can be answered once.',
      );
  }
}

/**
 * The staff member's pulse page `/pulse/:token`, from the invitation email without signing in:
 * plain HTML forms, no script; the signed single-use token is the only credential, rate limited
 * per address. Errors are pages that say what happened, never a trace.
 */
export function pulsePages(ctx: Ctx, limits: Partial<PulseLimits> = {}): FastifyPluginAsyncZod {
  const { pagesPerMinute, answersPerMinute } = { pagesPerMinute: 120, answersPerMinute: 30, ...limits };
  return async (app) => {
    registerFormParsers(app);
    setPublicErrorPage(app, {
      name: 'pulse page',
      // A pulse link is only ever opened by a person: every error is a page.
      json: () => undefined,
      words: () => ({
        heading: 'That did not work',
        paragraph: 'Please open the link from your pulse email again.',
      }),
      render: (w) => renderMessage({ heading: w.heading, paragraphs: [w.paragraph] }),
    });
    const access = { public: 'pulse links carry their own signed single-use token' };

    app.get(
      '/pulse/:token',
      {
        config: { access, rateLimit: { max: pagesPerMinute, timeWindow: '1 minute' } },
        schema: { hide: true, params: tokenParams },
      },
      async (req, reply) => {
        const link = await openPulseLink(ctx, req.params.token);
        if (link.state !== 'open') {
          const p = await statePage(link);
          return sendPage(reply, p.status, p.html);
        }
        const html = await renderSurveyPage({
          content: withNotice(link.content),
          action: `/pulse/${req.params.token}`,
        });
        return sendPage(reply, 200, html);
      },
    );

    app.post(
      '/pulse/:token',
      {
        config: { access, rateLimit: { max: answersPerMinute, timeWindow: '1 minute' } },
        schema: { hide: true, params: tokenParams, body: formBody },
      },
      async (req, reply) => {
        const link = await openPulseLink(ctx, req.params.token);
        if (link.state !== 'open') {
          const p = await statePage(link);
          return sendPage(reply, p.status, p.html);
        }
        const answers = readFormAnswers(link.content.questions, req.body);
        try {
          await answerPulse(ctx, link.invitationId, answers);
        } catch (err) {
          const e = err instanceof AppError ? err : undefined;
          if (e?.code === 'conflict') {
            // Answered or closed meanwhile (a double post): the page of what it is now.
            const now = await openPulseLink(ctx, req.params.token);
            const p = await statePage(now.state === 'open' ? { state: 'answered' } : now);
            return sendPage(reply, p.status, p.html);
          }
          const fields = (e?.details as { fields?: Record<string, string> } | undefined)?.fields;
          if (e?.code !== 'validation_failed' || !fields) throw err;
          const html = await renderSurveyPage({
            content: withNotice(link.content),
            action: `/pulse/${req.params.token}`,
            answers,
            errors: fields,
          });
          return sendPage(reply, 400, html);
        }
        const html = await renderMessage({
          heading: 'Thank you!',
          paragraphs: [link.content.thanks ?? 'We have your answer.', ANONYMITY],
        });
        return sendPage(reply, 200, html);
      },
    );
  };
}

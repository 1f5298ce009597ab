import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Ctx } from '../../kernel/context.ts';
import { AppError } from '../../kernel/errors.ts';
import { text } from '../../kernel/validation.ts';
import { type LinkState, openSurveyLink } from './open-survey-link.ts';
import {
  allowCors,
  formBody,
  type PublicLimits,
  readFormAnswers,
  registerFormParsers,
  registerPublicErrorPages,
  sendPage,
  wantsJson,
} from './public-http.ts';
import { renderMessage, renderSurveyPage } from './render-page.ts';
import { answerInput } from './schemas.ts';
import { submitResponse } from './submit-response.ts';

const tokenParams = z.object({ token: text(500).min(1) });
const jsonAnswer = z.object({ answers: z.array(answerInput).min(1).max(20) });

/** The page for every link state but `open`, with an HTTP status that says the same. */
async function statePage(state: Exclude<LinkState['state'], 'open'>, thanks?: string) {
  switch (state) {
    case 'invalid':
      return {
        status: 404,
        html: await renderMessage({
          heading: 'This survey link does not work',
          paragraphs: [
            'The link may be incomplete: try copying the whole address from the email into your browser.',
            'If it still does not work, the survey may have been withdrawn.',
          ],
        }),
      };
    case 'expired':
      return {
        status: 410,
        html: await renderMessage({
          heading: 'This survey link has expired',
          paragraphs: [
            'Survey links only work for a limited time. Thank you for wanting to tell us how we did.',
          ],
        }),
      };
    case 'closed':
      return {
        status: 410,
        html: await renderMessage({
          heading: 'This survey has ended',
          paragraphs: ['Thank you all the same.'],
        }),
      };
    case 'answered':
      return {
        status: 409,
        html: await renderMessage({
          heading: 'You have already answered',
          paragraphs: [thanks ?? 'Thank you! We have your answer, and each link can be answered once.'],
        }),
      };
  }
}

/** Personal survey links (`/s/:token`); unsubscribe links (`/u`) belong to outreach. No JavaScript needed. */
export function surveyPages(ctx: Ctx, limits: PublicLimits): FastifyPluginAsyncZod {
  return async (app) => {
    registerFormParsers(app);
    registerPublicErrorPages(app);
    const pageLimit = { max: limits.pagesPerMinute, timeWindow: '1 minute' };
    const postLimit = { max: limits.answersPerMinute, timeWindow: '1 minute' };
    const why = 'survey links carry their own signed token';

    app.get(
      '/s/:token',
      {
        config: { access: { public: why }, rateLimit: pageLimit },
        schema: {
          hide: true,
          params: tokenParams,
          querystring: z.object({ score: text(3).optional() }),
        },
      },
      async (req, reply) => {
        const link = await openSurveyLink(ctx, req.params.token);
        if (link.state !== 'open') {
          const p = await statePage(link.state);
          return sendPage(reply, link.state === 'answered' ? 200 : p.status, p.html);
        }
        const first = link.survey.content.questions[0];
        const score =
          req.query.score !== undefined && /^\d{1,2}$/.test(req.query.score)
            ? Number(req.query.score)
            : undefined;
        // A score from the email's link is pre-selected, not recorded: mail scanners open every link.
        const answers = first && score !== undefined ? [{ questionId: first.id, score }] : [];
        const html = await renderSurveyPage({
          content: link.survey.content,
          action: `/s/${req.params.token}`,
          answers,
        });
        return sendPage(reply, 200, html);
      },
    );

    app.options(
      '/s/:token',
      { config: { access: { public: 'CORS preflight of the widget' } }, schema: { hide: true } },
      (_req, reply) => allowCors(reply).status(204).send(),
    );

    app.post(
      '/s/:token',
      {
        config: { access: { public: why }, rateLimit: postLimit },
        schema: { hide: true, params: tokenParams, body: z.union([jsonAnswer, formBody]) },
      },
      async (req, reply) => {
        const json = wantsJson(req);
        if (json) allowCors(reply);
        const link = await openSurveyLink(ctx, req.params.token);
        if (link.state !== 'open') {
          if (json)
            throw new AppError(
              link.state === 'answered' ? 'conflict' : 'not_found',
              `This survey link is ${link.state}`,
            );
          const p = await statePage(
            link.state,
            link.state === 'answered' ? link.survey.content.thanks : undefined,
          );
          return sendPage(reply, p.status, p.html);
        }
        const { content } = link.survey;
        const answers =
          'answers' in req.body && Array.isArray(req.body.answers)
            ? jsonAnswer.parse(req.body).answers
            : readFormAnswers(content.questions, formBody.parse(req.body));
        try {
          const widget = link.send.channel === 'web';
          const r = await submitResponse(ctx, {
            surveyId: link.send.survey_id,
            version: link.send.survey_version,
            customerId: link.send.customer_id,
            sendId: link.send.id,
            channel: widget ? 'web' : 'email',
            via: widget ? 'widget' : 'link',
            answers,
            caseId: link.send.case_id,
          });
          if (json) {
            if (r.duplicate) throw new AppError('conflict', 'This survey link is answered');
            return {
              ok: true,
              thanks: content.thanks ?? 'Thank you for your answer!',
              reward: describeReward(r.incentive),
            };
          }
          if (r.duplicate) {
            const p = await statePage('answered', content.thanks);
            return sendPage(reply, p.status, p.html);
          }
          return reply.redirect(`/s/${req.params.token}/thanks`, 303);
        } catch (err) {
          const fields =
            err instanceof AppError && err.code === 'validation_failed' ? fieldsOf(err.details) : undefined;
          if (!fields || json) throw err;
          return sendPage(
            reply,
            400,
            await renderSurveyPage({ content, action: `/s/${req.params.token}`, answers, errors: fields }),
          );
        }
      },
    );

    app.get(
      '/s/:token/thanks',
      {
        config: { access: { public: why }, rateLimit: pageLimit },
        schema: { hide: true, params: tokenParams },
      },
      async (req, reply) => {
        const link = await openSurveyLink(ctx, req.params.token);
        if (link.state === 'open') return reply.redirect(`/s/${req.params.token}`, 303);
        if (link.state !== 'answered') {
          const p = await statePage(link.state);
          return sendPage(reply, p.status, p.html);
        }
        const { content, survey } = link.survey;
        const html = await renderMessage({
          heading: 'Thank you!',
          paragraphs: [content.thanks ?? 'We have your answer. It helps us get better.'],
          reward: describeReward(survey.incentive),
        });
        return sendPage(reply, 200, html);
      },
    );
  };
}

/** What the thank-you says about the incentive that was just granted. */
function describeReward(i: { points?: number; code?: string } | null): string | undefined {
  if (!i) return undefined;
  const points = i.points ? `We have added ${i.points} points to your account.` : '';
  return i.code ? `Your reward code: ${i.code}. ${points}`.trim() : points || undefined;
}

function fieldsOf(details: unknown): Record<string, string> | undefined {
  const f = (details as { fields?: unknown } | undefined)?.fields;
  return f && typeof f === 'object' ? (f as Record<string, string>) : undefined;
}

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Ctx } from '../../kernel/context.ts';
import { AppError } from '../../kernel/errors.ts';
import { text } from '../../kernel/validation.ts';
import { addressHash, checkAnonymousQuota, checkFormToken, issueFormToken } from './guard-anonymous-form.ts';
import { loadSurveyVersion } from './load-survey-version.ts';
import {
  allowCors,
  formBody,
  type PublicLimits,
  publicContent,
  readFormAnswers,
  registerFormParsers,
  registerPublicErrorPages,
  sendPage,
  wantsJson,
} from './public-http.ts';
import { renderMessage, renderSurveyPage } from './render-page.ts';
import { answerInput, question } from './schemas.ts';
import { startWidgetSession } from './start-widget-session.ts';
import { submitResponse } from './submit-response.ts';

const widgetJs = fs.readFileSync(
  path.join(path.dirname(fileURLToPath(import.meta.url)), 'widget', 'widget.js'),
  'utf8',
);
const surveyParams = z.object({ surveyId: z.string().uuid() });
const content = z.object({
  title: z.string(),
  intro: z.string().optional(),
  thanks: z.string().optional(),
  questions: z.array(question),
});
const anonymousJson = z.object({
  formToken: text(500).optional(),
  answers: z.array(answerInput).min(1).max(20),
  pageUrl: text(2000).optional(),
  respondent: z
    .object({ name: text(200).optional(), email: z.string().email().max(320).optional() })
    .optional(),
});

/** An anonymous form exists only for surveys that allow it. */
async function anonymousSurvey(ctx: Ctx, surveyId: string) {
  const s = await loadSurveyVersion(ctx, surveyId).catch(() => undefined);
  if (!s?.survey.anonymous_form || s.survey.status !== 'live')
    throw new AppError('not_found', 'No such feedback form');
  return s;
}

/** The embeddable widget, its identified sessions, and the anonymous website feedback form. */
export function widgetRoutes(ctx: Ctx, limits: PublicLimits): FastifyPluginAsyncZod {
  return async (app) => {
    registerFormParsers(app);
    registerPublicErrorPages(app);
    const pageLimit = { max: limits.pagesPerMinute, timeWindow: '1 minute' };
    const postLimit = { max: limits.answersPerMinute, timeWindow: '1 minute' };
    const preflight = {
      config: { access: { public: 'CORS preflight of the widget' } },
      schema: { hide: true },
    };

    app.get(
      '/widget.js',
      {
        config: {
          access: { public: 'the widget script companies embed' },
          rateLimit: { max: 1000, timeWindow: '1 minute' },
        },
        schema: { hide: true },
      },
      async (_req, reply) =>
        reply
          .header('cache-control', 'public, max-age=3600')
          .header('x-content-type-options', 'nosniff')
          .header('access-control-allow-origin', '*')
          .type('application/javascript; charset=utf-8')
          .send(widgetJs),
    );

    app.options('/w/:surveyId/sessions', preflight, (_req, reply) => allowCors(reply).status(204).send());
    app.post(
      '/w/:surveyId/sessions',
      {
        config: {
          access: { public: 'visitors are vouched for by an HMAC from the company server' },
          rateLimit: pageLimit,
        },
        schema: {
          tags: ['feedback'],
          summary:
            'Widget: may this identified visitor be surveyed now? Returns a personal token and the questions',
          params: surveyParams,
          body: z.object({
            externalId: text(200).min(1),
            idSource: text(40).default('default'),
            hash: z.string().regex(/^[0-9a-fA-F]{64}$/, 'must be a hex HMAC-SHA256'),
          }),
          response: {
            200: z.union([
              z.object({ show: z.literal(false) }),
              z.object({ show: z.literal(true), token: z.string(), survey: content }),
            ]),
          },
        },
      },
      async (req, reply) => {
        allowCors(reply);
        const s = await startWidgetSession(ctx, req.params.surveyId, req.body);
        return s.show
          ? { show: true as const, token: s.token, survey: publicContent(s.survey.content) }
          : { show: false as const };
      },
    );

    app.get(
      '/w/:surveyId/survey',
      {
        config: { access: { public: 'anonymous website feedback form' }, rateLimit: pageLimit },
        schema: {
          tags: ['feedback'],
          summary: 'Widget: the questions of an anonymous feedback form',
          params: surveyParams,
          response: { 200: content.extend({ formToken: z.string() }) },
        },
      },
      async (req, reply) => {
        allowCors(reply);
        return {
          ...publicContent((await anonymousSurvey(ctx, req.params.surveyId)).content),
          formToken: await issueFormToken(ctx, req.params.surveyId),
        };
      },
    );

    app.get(
      '/f/:surveyId',
      {
        config: { access: { public: 'anonymous website feedback form' }, rateLimit: pageLimit },
        schema: { hide: true, params: surveyParams },
      },
      async (req, reply) => {
        const s = await anonymousSurvey(ctx, req.params.surveyId);
        return sendPage(
          reply,
          200,
          await renderSurveyPage({
            content: s.content,
            action: `/f/${req.params.surveyId}`,
            anonymous: true,
            formToken: await issueFormToken(ctx, req.params.surveyId),
          }),
        );
      },
    );

    app.options('/f/:surveyId', preflight, (_req, reply) => allowCors(reply).status(204).send());
    app.post(
      '/f/:surveyId',
      {
        config: { access: { public: 'anonymous website feedback form' }, rateLimit: postLimit },
        schema: { hide: true, params: surveyParams, body: z.union([anonymousJson, formBody]) },
      },
      async (req, reply) => {
        const json = wantsJson(req);
        if (json) allowCors(reply);
        const s = await anonymousSurvey(ctx, req.params.surveyId);
        const thanks = s.content.thanks ?? 'Thank you for your feedback!';
        let answers: z.infer<typeof anonymousJson>['answers'];
        let respondent: Record<string, string> = {};
        let formToken: string | undefined;
        if (json) {
          const body = anonymousJson.parse(req.body);
          formToken = body.formToken;
          answers = body.answers;
          respondent = { ...body.respondent, ...(body.pageUrl ? { pageUrl: body.pageUrl } : {}) };
        } else {
          const body = formBody.parse(req.body);
          // The hidden "website" field is a trap for bots: a person never fills it in.
          if (typeof body.website === 'string' && body.website !== '') {
            return sendPage(reply, 200, await renderMessage({ heading: 'Thank you!', paragraphs: [thanks] }));
          }
          answers = readFormAnswers(s.content.questions, body);
          formToken = typeof body.formToken === 'string' ? body.formToken : undefined;
          const name =
            typeof body['respondent.name'] === 'string' ? body['respondent.name'].trim().slice(0, 200) : '';
          const email =
            typeof body['respondent.email'] === 'string' ? body['respondent.email'].trim().slice(0, 320) : '';
          respondent = { ...(name ? { name } : {}), ...(email ? { email } : {}) };
        }
        const again = async (status: number, errors: Record<string, string>) =>
          sendPage(
            reply,
            status,
            await renderSurveyPage({
              content: s.content,
              action: `/f/${req.params.surveyId}`,
              anonymous: true,
              answers,
              errors,
              respondent,
              formToken: await issueFormToken(ctx, req.params.surveyId),
            }),
          );
        const token = await checkFormToken(ctx, req.params.surveyId, formToken);
        if (token !== 'ok') {
          const message =
            token === 'too-fast'
              ? 'That was quick! Please check your answer and send it again.'
              : 'This form has expired. Please check your answer and send it again.';
          if (json)
            throw new AppError(
              'bad_request',
              `Anonymous answers need the formToken of GET /w/:surveyId/survey (${token})`,
              {
                formToken: token,
              },
            );
          return again(400, { [s.content.questions[0]?.id ?? 'survey']: message });
        }
        const address = await addressHash(ctx, req.ip);
        await checkAnonymousQuota(ctx, s.survey, address);
        try {
          await submitResponse(ctx, {
            addressHash: address,
            surveyId: req.params.surveyId,
            customerId: null,
            channel: 'web',
            via: 'web-form',
            answers,
            respondent: Object.keys(respondent).length ? respondent : undefined,
          });
        } catch (err) {
          if (json || !(err instanceof AppError) || err.code !== 'validation_failed') throw err;
          return again(400, (err.details as { fields: Record<string, string> }).fields);
        }
        if (json) return { ok: true, thanks };
        return sendPage(reply, 200, await renderMessage({ heading: 'Thank you!', paragraphs: [thanks] }));
      },
    );
  };
}

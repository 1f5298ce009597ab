import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Ctx } from '../../kernel/context.ts';
import { type Access, staffIdOf } from '../../kernel/http/access.ts';
import { text } from '../../kernel/validation.ts';
import { isoDateTime } from '../customers/schemas.ts';
import { channels } from '../customers/tables.ts';
import { recordAudit } from '../staff/index.ts';
import { archiveSurvey } from './archive-survey.ts';
import { createSurvey } from './create-survey.ts';
import { exportResponsesCsv } from './export-responses-csv.ts';
import { getResponse } from './get-response.ts';
import { getSurvey } from './get-survey.ts';
import { getWidgetSnippet } from './get-widget-snippet.ts';
import { listResponses } from './list-responses.ts';
import { listSends } from './list-sends.ts';
import { listSurveys } from './list-surveys.ts';
import { requestSends } from './request-sends.ts';
import { answerInput, responseView, sendView, surveyInput, surveyPatch, surveyView } from './schemas.ts';
import { submitResponse } from './submit-response.ts';
import { sendStatuses, surveyStatuses } from './tables.ts';
import { updateSurvey } from './update-survey.ts';

export const readFeedback: Access = { roles: ['admin', 'manager', 'agent'], scopes: ['read'] };
export const manageSurveys: Access = { roles: ['admin', 'manager'], scopes: ['write'] };
export const enterResponses: Access = { roles: ['admin', 'manager', 'agent'], scopes: ['write'] };
const idParams = z.object({ id: z.string().uuid() });

/** Surveys, sends and responses for staff and integrations. */
export function surveyRoutes(ctx: Ctx): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['feedback'];
    app.post(
      '/api/v1/surveys',
      {
        config: { access: manageSurveys },
        schema: {
          tags,
          summary: 'Create a survey (live at once)',
          body: surveyInput,
          response: { 201: surveyView },
        },
      },
      async (req, reply) => {
        const s = await createSurvey(ctx, req.body);
        await recordAudit(ctx.db, req, { action: 'survey.create', target: s.id });
        return reply.status(201).send(s);
      },
    );

    app.get(
      '/api/v1/surveys',
      {
        config: { access: readFeedback },
        schema: {
          tags,
          summary: 'List surveys with their current version',
          querystring: z.object({ status: z.enum(surveyStatuses).optional() }),
          response: { 200: z.object({ data: z.array(surveyView) }) },
        },
      },
      async (req) => ({ data: await listSurveys(ctx, req.query) }),
    );

    app.get(
      '/api/v1/surveys/:id',
      {
        config: { access: readFeedback },
        schema: {
          tags,
          summary: 'A survey, at its current version or an earlier one',
          params: idParams,
          querystring: z.object({ version: z.coerce.number().int().min(1).max(1_000_000).optional() }),
          response: { 200: surveyView },
        },
      },
      async (req) => getSurvey(ctx, req.params.id, req.query.version),
    );

    app.patch(
      '/api/v1/surveys/:id',
      {
        config: { access: manageSurveys },
        schema: {
          tags,
          summary:
            'Update a survey; changed texts or questions become a new version, earlier answers keep theirs',
          params: idParams,
          body: surveyPatch,
          response: { 200: surveyView },
        },
      },
      async (req) => {
        const { survey, newVersion } = await updateSurvey(ctx, req.params.id, req.body);
        await recordAudit(ctx.db, req, {
          action: 'survey.update',
          target: survey.id,
          details: { newVersion, version: survey.version },
        });
        return survey;
      },
    );

    app.post(
      '/api/v1/surveys/:id/archive',
      {
        config: { access: manageSurveys },
        schema: {
          tags,
          summary: 'Archive a survey: no more sends, links show "closed"',
          params: idParams,
          response: { 200: surveyView },
        },
      },
      async (req) => {
        const s = await archiveSurvey(ctx, req.params.id);
        await recordAudit(ctx.db, req, { action: 'survey.archive', target: s.id });
        return s;
      },
    );

    app.get(
      '/api/v1/surveys/:id/widget',
      {
        config: { access: manageSurveys },
        schema: {
          tags,
          summary: 'How to embed the widget: the secret your server signs visitor ids with, and the snippet',
          params: idParams,
          response: {
            200: z.object({
              surveyId: z.string(),
              secret: z.string(),
              snippet: z.string(),
              anonymousSnippet: z.string(),
              formUrl: z.string(),
            }),
          },
        },
      },
      async (req) => getWidgetSnippet(ctx, req.params.id),
    );

    app.post(
      '/api/v1/surveys/:id/sends',
      {
        config: { access: manageSurveys, rateLimit: { max: 60, timeWindow: '1 minute' } },
        schema: {
          tags,
          summary:
            'Email the survey to customers (listed, or matching a filter); the contact budget decides who gets it',
          params: idParams,
          body: z.object({
            customerIds: z.array(z.string().uuid()).min(1).max(1000).optional(),
            filter: z
              .object({
                status: z.enum(['active', 'lapsed', 'churned']).optional(),
                ownerId: z.string().uuid().optional(),
              })
              .optional(),
            idempotencyKey: text(200).min(1).optional(),
            caseId: z.string().uuid().optional(),
          }),
          response: { 202: z.object({ created: z.number(), existing: z.number(), queued: z.boolean() }) },
        },
      },
      async (req, reply) => {
        const r = await requestSends(ctx, req.params.id, req.body);
        await recordAudit(ctx.db, req, {
          action: 'survey.send',
          target: req.params.id,
          details: { ...r, filter: req.body.filter },
        });
        return reply.status(202).send(r);
      },
    );

    app.get(
      '/api/v1/surveys/:id/sends',
      {
        config: { access: readFeedback },
        schema: {
          tags,
          summary: "A survey's sends with their status and, when skipped, why",
          params: idParams,
          querystring: z.object({
            status: z.enum(sendStatuses).optional(),
            customerId: z.string().uuid().optional(),
            limit: z.coerce.number().int().min(1).max(1000).default(100),
          }),
          response: { 200: z.object({ data: z.array(sendView) }) },
        },
      },
      async (req) => ({ data: await listSends(ctx, req.params.id, req.query) }),
    );

    app.get(
      '/api/v1/surveys/:id/responses',
      {
        config: { access: readFeedback },
        schema: {
          tags,
          summary: "A survey's responses, newest first",
          params: idParams,
          querystring: z.object({
            from: isoDateTime.optional(),
            to: isoDateTime.optional(),
            channel: z.enum(channels).optional(),
            customerId: z.string().uuid().optional(),
            cursor: text(200).optional(),
            limit: z.coerce.number().int().min(1).max(500).default(50),
          }),
          response: { 200: z.object({ data: z.array(responseView), nextCursor: z.string().nullable() }) },
        },
      },
      async (req) => {
        await getSurvey(ctx, req.params.id);
        return listResponses(ctx, req.params.id, req.query);
      },
    );

    app.get(
      '/api/v1/surveys/:id/responses.csv',
      {
        config: { access: readFeedback },
        schema: {
          tags,
          summary: "Export a survey's responses as CSV (comments as text; formula-looking cells defused)",
          params: idParams,
          querystring: z.object({ from: isoDateTime.optional(), to: isoDateTime.optional() }),
          response: { 200: z.string() },
        },
      },
      async (req, reply) => {
        const csv = await exportResponsesCsv(ctx, req.params.id, req.query);
        await recordAudit(
          ctx.db,
          req,
          { action: 'survey.responses.export', target: req.params.id },
          { isRead: true },
        );
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="responses-${req.params.id}.csv"`)
          .header('x-content-type-options', 'nosniff')
          .send(csv);
      },
    );

    app.post(
      '/api/v1/surveys/:id/responses',
      {
        config: { access: enterResponses },
        schema: {
          tags,
          summary:
            "Enter an answer on a customer's behalf (phone call, comment card); idempotent by sourceKey",
          params: idParams,
          body: z.object({
            customerId: z.string().uuid(),
            channel: z.enum(channels),
            answers: z.array(answerInput).min(1).max(20),
            respondedAt: isoDateTime.optional(),
            sourceKey: text(200)
              .min(1)
              .optional()
              .describe('e.g. the comment card number: entering it twice stores it once'),
            caseId: z.string().uuid().optional(),
          }),
          response: { 200: responseView, 201: responseView },
        },
      },
      async (req, reply) => {
        const b = req.body;
        const r = await submitResponse(ctx, {
          surveyId: req.params.id,
          customerId: b.customerId,
          channel: b.channel,
          via: 'staff',
          answers: b.answers,
          staffId: staffIdOf(req),
          respondedAt: b.respondedAt,
          sourceKey: b.sourceKey ? `staff:${b.sourceKey}` : undefined,
          caseId: b.caseId,
        });
        if (!r.duplicate) {
          await recordAudit(ctx.db, req, {
            action: 'survey.response.enter',
            customerId: b.customerId,
            target: r.responseId,
          });
        }
        return reply.status(r.duplicate ? 200 : 201).send(await getResponse(ctx, r.responseId));
      },
    );
  };
}

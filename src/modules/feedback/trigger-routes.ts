import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Ctx } from '../../kernel/context.ts';
import { patchOf } from '../../kernel/validation.ts';
import { recordAudit } from '../staff/index.ts';
import { getSurvey } from './get-survey.ts';
import { listTriggers } from './list-triggers.ts';
import { manageSurveys, readFeedback } from './routes.ts';
import { saveTrigger } from './save-trigger.ts';
import { triggerInput, triggerView } from './trigger-schemas.ts';

/** "How are we doing?" after a transaction: send S by email D hours after an interaction of kind K. */
export function triggerRoutes(ctx: Ctx): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['feedback'];
    const params = z.object({ id: z.string().uuid() });
    app.get(
      '/api/v1/surveys/:id/triggers',
      {
        config: { access: readFeedback },
        schema: {
          tags,
          summary: "A survey's triggers",
          params,
          response: { 200: z.object({ data: z.array(triggerView) }) },
        },
      },
      async (req) => {
        await getSurvey(ctx, req.params.id);
        return { data: await listTriggers(ctx, req.params.id) };
      },
    );

    app.post(
      '/api/v1/surveys/:id/triggers',
      {
        config: { access: manageSurveys },
        schema: {
          tags,
          summary:
            'Send this survey by email D hours after each interaction of kind K (e.g. purchase) matching a condition',
          params,
          body: triggerInput,
          response: { 201: triggerView },
        },
      },
      async (req, reply) => {
        const t = await saveTrigger(ctx, { surveyId: req.params.id, ...req.body });
        await recordAudit(ctx.db, req, { action: 'survey.trigger.create', target: t.id, details: req.body });
        return reply.status(201).send(t);
      },
    );

    app.patch(
      '/api/v1/surveys/:id/triggers/:triggerId',
      {
        config: { access: manageSurveys },
        schema: {
          tags,
          summary: 'Change or pause a trigger (firings already scheduled check it again when they run)',
          params: params.extend({ triggerId: z.string().uuid() }),
          body: patchOf(triggerInput.omit({ channel: true })),
          response: { 200: triggerView },
        },
      },
      async (req) => {
        const t = await saveTrigger(ctx, { surveyId: req.params.id, id: req.params.triggerId, ...req.body });
        await recordAudit(ctx.db, req, { action: 'survey.trigger.update', target: t.id, details: req.body });
        return t;
      },
    );
  };
}

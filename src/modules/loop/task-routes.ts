import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Ctx } from '../../kernel/context.ts';
import { staffIdOf } from '../../kernel/http/access.ts';
import { text } from '../../kernel/validation.ts';
import { channels } from '../customers/index.ts';
import { recordAudit } from '../staff/index.ts';
import { authorizePromise, authorizeTask, readLoop, requireStaff, workLoop } from './access.ts';
import { completeTask } from './complete-task.ts';
import { listTasks } from './list-tasks.ts';
import { makePromise } from './make-promise.ts';
import { bool, idParams, isoDate } from './route-params.ts';
import { taskView } from './schemas.ts';
import { taskTypes } from './tables.ts';

/** /api/v1/tasks and /api/v1/promises: the to-do side of the loop. */
export function taskRoutes(ctx: Ctx): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/tasks',
      {
        config: { access: readLoop },
        schema: {
          tags: ['loop'],
          summary: 'Tasks and promises, soonest due first (mine, a case’s, a customer’s, overdue)',
          querystring: z.object({
            mine: bool,
            caseId: z.string().uuid().optional(),
            customerId: z.string().uuid().optional(),
            type: z.enum(taskTypes).optional(),
            status: z.enum(['open', 'done', 'cancelled']).default('open'),
            overdue: bool,
            limit: z.coerce.number().int().min(1).max(500).default(100),
          }),
          response: { 200: z.object({ data: z.array(taskView) }) },
        },
      },
      async (req) => ({
        data: await listTasks(ctx, {
          ...req.query,
          assigneeId: req.query.mine ? requireStaff(req, 'mine=true') : undefined,
        }),
      }),
    );

    app.post(
      '/api/v1/promises',
      {
        config: { access: workLoop },
        schema: {
          tags: ['loop'],
          summary: 'Record a promise made to a customer; it is an open task until kept',
          description:
            'Send a fresh `id` (UUID) with each new promise: a retry with the same id answers the promise ' +
            'already made instead of making a second one. The assignee defaults to the caller.',
          body: z.object({
            id: z.string().uuid(),
            customerId: z.string().uuid(),
            title: z.string().trim().min(1, 'say what was promised').max(300),
            dueAt: isoDate,
            caseId: z.string().uuid().optional(),
            assigneeId: z.string().uuid().optional(),
          }),
          response: { 201: taskView },
        },
      },
      async (req, reply) => {
        await authorizePromise(ctx, req, req.body);
        const promise = await makePromise(ctx, req.body, staffIdOf(req) ?? null);
        await recordAudit(ctx.db, req, {
          action: 'promise.make',
          customerId: promise.customerId,
          target: promise.id,
        });
        return reply.status(201).send(promise);
      },
    );

    app.post(
      '/api/v1/tasks/:id/complete',
      {
        config: { access: workLoop },
        schema: {
          tags: ['loop'],
          summary: 'Complete a task or keep a promise by logging what was done; it lands on the timeline',
          params: idParams,
          body: z.object({
            note: text(10_000).trim().min(1),
            channel: z.enum(channels).optional(),
            outcome: text(100).optional(),
            occurredAt: isoDate.optional(),
          }),
          response: { 200: taskView },
        },
      },
      async (req) => {
        await authorizeTask(ctx, req, req.params.id);
        const task = await completeTask(ctx, req.params.id, req.body, staffIdOf(req) ?? null);
        await recordAudit(ctx.db, req, {
          action: 'task.complete',
          customerId: task.customerId,
          target: task.id,
        });
        return task;
      },
    );
  };
}

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Ctx } from '../../kernel/context.ts';
import { staffIdOf } from '../../kernel/http/access.ts';
import { text } from '../../kernel/validation.ts';
import { loadRoster, recordAudit } from '../staff/index.ts';
import { readLoop, requireStaff, workLoop } from './access.ts';
import { commentCase } from './comment-case.ts';
import { getCase } from './get-case.ts';
import { linkFollowUp } from './link-follow-up.ts';
import { listCases } from './list-cases.ts';
import { reassignCase } from './reassign-case.ts';
import { reopenCase } from './reopen-case.ts';
import { resolveCase } from './resolve-case.ts';
import { bool, idParams, isoDate } from './route-params.ts';
import { caseDetail, caseView } from './schemas.ts';
import { snoozeCase } from './snooze-case.ts';
import { outcomes, severities } from './tables.ts';

/** /api/v1/cases: the work queue of the loop (tasks and promises are in task-routes.ts). */
export function caseRoutes(ctx: Ctx): FastifyPluginAsyncZod {
  // Every change answers with the case as it now is, history included.
  const detail = (id: string) => getCase(ctx, id);
  return async (app) => {
    app.get(
      '/api/v1/cases',
      {
        config: { access: readLoop },
        schema: {
          tags: ['loop'],
          summary: 'List cases, most urgent first: mine, my team’s, overdue, by severity…',
          querystring: z.object({
            mine: bool.describe('only cases assigned to me'),
            team: z
              .union([z.literal('mine'), z.string().uuid()])
              .optional()
              .describe('"mine" or a team id'),
            assigneeId: z.string().uuid().optional(),
            customerId: z.string().uuid().optional(),
            status: z.enum(['active', 'open', 'snoozed', 'resolved', 'all']).default('active'),
            severity: text(200)
              .transform((s) => s.split(',').filter(Boolean))
              .pipe(z.array(z.enum(severities)).max(severities.length))
              .optional(),
            overdue: bool,
            unassigned: bool,
            cursor: text(200).optional(),
            limit: z.coerce.number().int().min(1).max(200).default(50),
          }),
          response: { 200: z.object({ data: z.array(caseView), nextCursor: z.string().nullable() }) },
        },
      },
      async (req) => {
        const q = req.query;
        let teamId = q.team;
        if (teamId === 'mine') {
          const me = requireStaff(req, 'team=mine');
          teamId = (await loadRoster(ctx)).staff.get(me)?.teamId ?? '00000000-0000-0000-0000-000000000000';
        }
        return listCases(ctx, {
          ...q,
          teamId,
          assigneeId: q.mine ? requireStaff(req, 'mine=true') : q.assigneeId,
        });
      },
    );

    app.get(
      '/api/v1/cases/:id',
      {
        config: { access: readLoop },
        schema: {
          tags: ['loop'],
          summary: 'A case with its red flags, tasks and full history',
          params: idParams,
          response: { 200: caseDetail },
        },
      },
      async (req) => {
        const c = await detail(req.params.id);
        await recordAudit(
          ctx.db,
          req,
          { action: 'case.read', customerId: c.customerId, target: c.id },
          { isRead: true },
        );
        return c;
      },
    );

    const action = <B extends z.ZodType>(
      path: string,
      summary: string,
      body: B,
      run: (id: string, body: z.infer<B>, actor: string | null) => Promise<unknown>,
    ) =>
      app.post(
        `/api/v1/cases/:id/${path}`,
        {
          config: { access: workLoop },
          schema: { tags: ['loop'], summary, params: idParams, body, response: { 200: caseDetail } },
        },
        async (req) => {
          const actor = staffIdOf(req) ?? null;
          await run(req.params.id, req.body as z.infer<B>, actor);
          const c = await detail(req.params.id);
          await recordAudit(ctx.db, req, { action: `case.${path}`, customerId: c.customerId, target: c.id });
          return c;
        },
      );

    action('comments', 'Comment on a case', z.object({ body: text(10_000).trim().min(1) }), (id, b, actor) =>
      commentCase(ctx, id, b.body, actor),
    );
    action(
      'reassign',
      'Hand a case and its open tasks to someone else',
      z.object({ assigneeId: z.string().uuid(), reason: text(1000).optional() }),
      (id, b, actor) => reassignCase(ctx, id, b, actor),
    );
    action(
      'snooze',
      'Snooze a case until a date, with a reason',
      z.object({ until: isoDate, reason: text(1000).trim().min(1) }),
      (id, b, actor) => snoozeCase(ctx, id, b, actor),
    );
    action(
      'resolve',
      'Resolve with an outcome and root causes from the managed list',
      z.object({
        outcome: z.enum(outcomes),
        rootCauses: z.array(text(40)).max(10).default([]),
        note: text(10_000).optional(),
      }),
      (id, b, actor) => resolveCase(ctx, id, b, actor),
    );
    action(
      'reopen',
      'Reopen a resolved case (a new SLA cycle)',
      z.object({ reason: text(1000).trim().min(1) }),
      (id, b, actor) => reopenCase(ctx, id, b, actor),
    );
    action(
      'follow-up',
      'Link a follow-up survey result to the case ("did we fix it?")',
      z.object({
        surveyId: text(100).optional(),
        responseId: text(100).optional(),
        type: text(20),
        score: z.number().min(-100).max(100),
        at: isoDate.optional(),
      }),
      (id, b, actor) => linkFollowUp(ctx, id, b, actor),
    );
  };
}

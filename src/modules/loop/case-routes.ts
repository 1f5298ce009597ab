import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Ctx } from '../../kernel/context.ts';
import { AppError } from '../../kernel/errors.ts';
import { staffIdOf } from '../../kernel/http/access.ts';
import { text } from '../../kernel/validation.ts';
import { loadRoster, recordAudit } from '../staff/index.ts';
import { authorizeCase, readLoop, requireStaff, workLoop } from './access.ts';
import { commentCase } from './comment-case.ts';
import { getCase } from './get-case.ts';
import { linkFollowUp } from './link-follow-up.ts';
import { listCases } from './list-cases.ts';
import { reassignCase } from './reassign-case.ts';
import { reopenCase } from './reopen-case.ts';
import { resolveCase } from './resolve-case.ts';
import { bool, idParams, isoDate } from './route-params.ts';
import { caseDetail, caseView, slaStates } from './schemas.ts';
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
              .union([z.enum(['mine', 'none']), z.string().uuid()])
              .optional()
              .describe('"mine" (the team I am in or manage), "none" (cases in no team) or a team id'),
            assigneeId: z.string().uuid().optional(),
            customerId: z.string().uuid().optional(),
            status: z.enum(['active', 'open', 'snoozed', 'resolved', 'all']).default('active'),
            severity: text(200)
              .transform((s) => s.split(',').filter(Boolean))
              .pipe(z.array(z.enum(severities)).max(severities.length))
              .optional(),
            sla: text(100)
              .transform((s) => s.split(',').filter(Boolean))
              .pipe(z.array(z.enum(slaStates)))
              .optional()
              .describe('comma-separated SLA states: breached, warning, on-track'),
            overdue: bool,
            unassigned: bool,
            cursor: text(200).optional(),
            limit: z.coerce.number().int().min(1).max(200).default(50),
          }),
          response: { 200: z.object({ data: z.array(caseView), nextCursor: z.string().nullable() }) },
        },
      },
      async (req) => {
        const { team, ...q } = req.query;
        let teamIds = team ? [team] : undefined;
        if (team === 'mine') {
          // A manager's team is the one they belong to and every team they manage.
          const me = requireStaff(req, 'team=mine');
          const roster = await loadRoster(ctx);
          const member = roster.staff.get(me)?.teamId;
          const managed = [...roster.teams.values()].filter((t) => t.managerId === me).map((t) => t.id);
          teamIds = [...new Set([...(member ? [member] : []), ...managed])];
        }
        return listCases(ctx, {
          ...q,
          teamIds,
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
      handTo?: (body: z.infer<B>) => string,
    ) =>
      app.post(
        `/api/v1/cases/:id/${path}`,
        {
          config: { access: workLoop },
          schema: { tags: ['loop'], summary, params: idParams, body, response: { 200: caseDetail } },
        },
        async (req) => {
          const actor = staffIdOf(req) ?? null;
          const b = req.body as z.infer<B>;
          await authorizeCase(ctx, req, req.params.id, { handTo: handTo?.(b) });
          await run(req.params.id, req.body as z.infer<B>, actor);
          const c = await detail(req.params.id);
          await recordAudit(ctx.db, req, { action: `case.${path}`, customerId: c.customerId, target: c.id });
          return c;
        },
      );

    app.post(
      '/api/v1/cases/bulk',
      {
        config: { access: workLoop },
        schema: {
          tags: ['loop'],
          summary: 'Reassign or snooze up to 200 cases at once; each case succeeds or fails on its own',
          description:
            'Each case is checked and changed in its own transaction, exactly as the single-case action ' +
            'would (an agent only on their own or their team’s cases): the answer lists, per case, ' +
            'whether it was done or the error that stopped it.',
          body: z.object({
            caseIds: z.array(z.string().uuid()).min(1).max(200),
            action: z.discriminatedUnion('kind', [
              z.object({
                kind: z.literal('reassign'),
                assigneeId: z.string().uuid(),
                reason: text(1000).optional(),
              }),
              z.object({
                kind: z.literal('snooze'),
                until: isoDate,
                reason: text(1000).trim().min(1),
              }),
            ]),
          }),
          response: {
            200: z.object({
              done: z.number().int(),
              failed: z.number().int(),
              results: z.array(
                z.object({
                  id: z.string().uuid(),
                  ok: z.boolean(),
                  error: z.object({ code: z.string(), message: z.string() }).optional(),
                }),
              ),
            }),
          },
        },
      },
      async (req) => {
        const { action: a } = req.body;
        const actor = staffIdOf(req) ?? null;
        const results = [];
        for (const id of [...new Set(req.body.caseIds)]) {
          try {
            await authorizeCase(ctx, req, id, a.kind === 'reassign' ? { handTo: a.assigneeId } : {});
            if (a.kind === 'reassign') await reassignCase(ctx, id, a, actor);
            else await snoozeCase(ctx, id, a, actor);
            const c = await ctx.db
              .selectFrom('loop_case')
              .select('customer_id as customerId')
              .where('id', '=', id)
              .executeTakeFirstOrThrow();
            await recordAudit(ctx.db, req, {
              action: `case.${a.kind}`,
              customerId: c.customerId,
              target: id,
            });
            results.push({ id, ok: true });
          } catch (err) {
            if (!(err instanceof AppError)) throw err;
            results.push({ id, ok: false, error: { code: err.code, message: err.message } });
          }
        }
        const done = results.filter((r) => r.ok).length;
        return { done, failed: results.length - done, results };
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
      (b) => b.assigneeId,
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

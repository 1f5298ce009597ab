import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Ctx } from '../../../kernel/context.ts';
import { type Access, staffIdOf } from '../../../kernel/http/access.ts';
import { recordAudit } from '../../staff/index.ts';
import { applyRebalance } from './apply-rebalance.ts';
import { assignUnowned } from './assign-unowned.ts';
import { deleteRule } from './delete-rule.ts';
import { listRules } from './list-rules.ts';
import { previewRebalance } from './preview-rebalance.ts';
import { saveRule } from './save-rule.ts';
import { loadView, moveView, rebalanceApply, rebalanceRequest, ruleInput, ruleView } from './schemas.ts';

const readRules: Access = { roles: ['admin', 'manager'], scopes: ['read'] };
const manageRules: Access = { roles: ['admin', 'manager'], scopes: ['admin'] };
const moveBooks: Access = { roles: ['admin', 'manager'], scopes: ['write'] };
const idParams = z.object({ id: z.string().uuid() });
const tags = ['people'];

export function assignmentRoutes(ctx: Ctx): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/people/assignment-rules',
      {
        config: { access: readRules },
        schema: {
          tags,
          summary: 'Assignment rules, in the order they are tried',
          response: { 200: z.object({ data: z.array(ruleView) }) },
        },
      },
      async () => ({ data: await listRules(ctx) }),
    );
    app.post(
      '/api/v1/people/assignment-rules',
      {
        config: { access: manageRules },
        schema: {
          tags,
          summary: 'Add an assignment rule (refused with a 400 when it matches no customer)',
          body: ruleInput,
          response: { 201: ruleView },
        },
      },
      async (req, reply) => {
        const rule = await saveRule(ctx, req.body);
        await recordAudit(ctx.db, req, { action: 'people.rule-create', target: rule.id, details: { rule } });
        return reply.code(201).send(rule);
      },
    );
    app.put(
      '/api/v1/people/assignment-rules/:id',
      {
        config: { access: manageRules },
        schema: {
          tags,
          summary: 'Replace an assignment rule',
          params: idParams,
          body: ruleInput,
          response: { 200: ruleView },
        },
      },
      async (req) => {
        const rule = await saveRule(ctx, req.body, req.params.id);
        await recordAudit(ctx.db, req, { action: 'people.rule-update', target: rule.id, details: { rule } });
        return rule;
      },
    );
    app.delete(
      '/api/v1/people/assignment-rules/:id',
      {
        config: { access: manageRules },
        schema: {
          tags,
          summary: 'Delete an assignment rule (owners it gave stay)',
          params: idParams,
          response: { 204: z.null() },
        },
      },
      async (req, reply) => {
        await deleteRule(ctx, req.params.id);
        await recordAudit(ctx.db, req, { action: 'people.rule-delete', target: req.params.id });
        return reply.code(204).send(null);
      },
    );
    app.post(
      '/api/v1/people/assignment-runs',
      {
        config: { access: moveBooks },
        schema: {
          tags,
          summary: 'Give every unowned customer an owner by the rules now (also runs every 10 minutes)',
          response: {
            200: z.object({
              assigned: z.number(),
              unmatched: z.number(),
              byStaff: z.record(z.string(), z.number()),
            }),
          },
        },
      },
      async (req) => {
        const run = await assignUnowned(ctx);
        await recordAudit(ctx.db, req, { action: 'people.assign-unowned', details: run });
        return run;
      },
    );
    app.post(
      '/api/v1/people/rebalance/preview',
      {
        config: { access: moveBooks },
        schema: {
          tags,
          summary: "Who of a rep's customers would go to whom (nothing changes)",
          body: rebalanceRequest,
          response: {
            200: z.object({
              fromStaffId: z.string().uuid(),
              moves: z.array(moveView),
              loadsAfter: z.array(loadView),
            }),
          },
        },
      },
      async (req) => previewRebalance(ctx, req.body),
    );
    app.post(
      '/api/v1/people/rebalance/apply',
      {
        config: { access: moveBooks },
        schema: {
          tags,
          summary: 'Apply the moves of a preview, with a hand-over note on each customer',
          body: rebalanceApply,
          response: { 200: z.object({ moved: z.number(), skipped: z.number() }) },
        },
      },
      async (req) => {
        const p = req.principal;
        return applyRebalance(
          ctx,
          req.body,
          { staffId: staffIdOf(req), apiKeyId: p?.kind === 'api_key' ? p.id : undefined },
          (trx, toStaffId, customerIds) =>
            recordAudit(trx, req, {
              action: 'people.rebalance',
              target: toStaffId,
              details: { fromStaffId: req.body.fromStaffId, customerIds, note: req.body.note ?? null },
            }),
        );
      },
    );
  };
}

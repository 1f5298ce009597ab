import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Ctx } from '../../kernel/context.ts';
import { AppError } from '../../kernel/errors.ts';
import { type Access, principalOf, staffIdOf } from '../../kernel/http/access.ts';
import { text } from '../../kernel/validation.ts';
import { recordAudit } from '../staff/index.ts';
import { buildCallList } from './call-lists/build-call-list.ts';
import { callsToday } from './call-lists/calls-today.ts';
import { deleteCallList } from './call-lists/delete-call-list.ts';
import { getCallList, listCallLists } from './call-lists/get-call-list.ts';
import { saveCallList } from './call-lists/save-call-list.ts';
import { buildSummaryView, callItemView, callListInput, callListView } from './call-lists/schemas.ts';
import { skipCallItem } from './call-lists/skip-call-item.ts';

const tags = ['outreach'];
const read: Access = { roles: ['admin', 'manager'], scopes: ['read'] };
const manage: Access = { roles: ['admin', 'manager'], scopes: ['admin'] };
const work: Access = { roles: ['admin', 'manager', 'agent'], scopes: ['read'] };
const params = z.object({ id: z.string().uuid() });
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a day YYYY-MM-DD');

/** Call lists, their daily build, and each rep's "Calls today" (docs/outreach.md, "Call lists"). */
export function callListRoutes(ctx: Ctx): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/call-lists',
      {
        config: { access: read },
        schema: { tags, summary: 'Call lists', response: { 200: z.object({ data: z.array(callListView) }) } },
      },
      async () => ({ data: await listCallLists(ctx) }),
    );

    app.get(
      '/api/v1/call-lists/:id',
      {
        config: { access: read },
        schema: { tags, summary: 'One call list', params, response: { 200: callListView } },
      },
      async (req) => getCallList(ctx, req.params.id),
    );

    app.post(
      '/api/v1/call-lists',
      {
        config: { access: manage },
        schema: {
          tags,
          summary: 'Create a call list over a saved segment, capped per rep per day, with a holdout',
          body: callListInput,
          response: { 201: callListView },
        },
      },
      async (req, reply) => {
        const list = await saveCallList(ctx, req.body, staffIdOf(req) ?? null);
        await recordAudit(ctx.db, req, {
          action: 'call-list.create',
          target: list.id,
          details: { name: list.name },
        });
        return reply.status(201).send(list);
      },
    );

    app.put(
      '/api/v1/call-lists/:id',
      {
        config: { access: manage },
        schema: {
          tags,
          summary: 'Replace a call list',
          params,
          body: callListInput,
          response: { 200: callListView },
        },
      },
      async (req) => {
        const list = await saveCallList(ctx, { ...req.body, id: req.params.id }, staffIdOf(req) ?? null);
        await recordAudit(ctx.db, req, {
          action: 'call-list.update',
          target: list.id,
          details: { ...req.body },
        });
        return list;
      },
    );

    app.delete(
      '/api/v1/call-lists/:id',
      { config: { access: manage }, schema: { tags, summary: 'Delete a call list and its items', params } },
      async (req, reply) => {
        await deleteCallList(ctx, req.params.id);
        await recordAudit(ctx.db, req, { action: 'call-list.delete', target: req.params.id });
        return reply.status(204).send();
      },
    );

    app.post(
      '/api/v1/call-lists/:id/build',
      {
        config: { access: manage },
        schema: {
          tags,
          summary:
            "Build today's items now (the morning job does it too); a second build the same day changes nothing",
          params,
          response: { 200: buildSummaryView },
        },
      },
      async (req) => {
        const summary = await buildCallList(ctx, req.params.id);
        await recordAudit(ctx.db, req, {
          action: 'call-list.build',
          target: req.params.id,
          details: summary,
        });
        return summary;
      },
    );

    app.get(
      '/api/v1/calls/today',
      {
        config: { access: work },
        schema: {
          tags,
          summary: "A rep's check-ins for the day: agents their own, managers any rep's (or 'unassigned')",
          querystring: z.object({
            repId: z.union([z.string().uuid(), z.literal('unassigned')]).optional(),
            day: day.optional(),
          }),
          response: { 200: z.object({ data: z.array(callItemView) }) },
        },
      },
      async (req) => {
        const p = principalOf(req);
        const me = p.kind === 'staff' ? p.id : null;
        const asked = req.query.repId === 'unassigned' ? null : (req.query.repId ?? me);
        if (p.kind === 'staff' && p.role === 'agent' && asked !== me)
          throw new AppError(
            'forbidden',
            "agents see only their own calls; managers may pass another rep's id",
          );
        if (asked === null && req.query.repId !== 'unassigned')
          throw new AppError(
            'validation_failed',
            'repId: required for API keys (a staff id or "unassigned")',
          );
        const data = await callsToday(ctx, { repId: asked, day: req.query.day });
        await recordAudit(
          ctx.db,
          req,
          { action: 'calls.today.read', details: { repId: asked, customers: data.map((d) => d.customerId) } },
          { isRead: true },
        );
        return { data };
      },
    );

    app.post(
      '/api/v1/calls/:id/skip',
      {
        config: { access: { roles: ['admin', 'manager', 'agent'], scopes: ['write'] } },
        schema: {
          tags,
          summary: 'Skip an open check-in, with the reason',
          params,
          body: z.object({ reason: text(500).trim().min(1) }).strict(),
          response: { 204: z.null() },
        },
      },
      async (req, reply) => {
        const p = principalOf(req);
        const { customerId } = await skipCallItem(ctx, {
          itemId: req.params.id,
          reason: req.body.reason,
          by: { staffId: p.kind === 'staff' ? p.id : null, role: p.kind === 'staff' ? p.role : null },
        });
        await recordAudit(ctx.db, req, {
          action: 'calls.skip',
          customerId,
          target: req.params.id,
          details: { reason: req.body.reason },
        });
        return reply.status(204).send(null);
      },
    );
  };
}

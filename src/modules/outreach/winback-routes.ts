import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Ctx } from '../../kernel/context.ts';
import { notFound } from '../../kernel/errors.ts';
import { type Access, staffIdOf } from '../../kernel/http/access.ts';
import { recordAudit } from '../staff/index.ts';
import { buildUpliftReport } from './uplift/build-uplift-report.ts';
import { currencyQuery, programUpliftView } from './uplift/schemas.ts';
import { getWinbackSettings } from './winback/get-winback-settings.ts';
import { listWinbackItems } from './winback/list-winback-items.ts';
import { listWinbackRuns } from './winback/list-winback-runs.ts';
import { runWinback } from './winback/run-winback.ts';
import { saveWinbackSettings } from './winback/save-winback-settings.ts';
import {
  winbackPlanItem,
  winbackResults,
  winbackRunInput,
  winbackRunView,
  winbackSettingsInput,
  winbackSettingsView,
} from './winback/schemas.ts';
import { WINBACK_PROGRAM_ID, winbackStatuses } from './winback/tables.ts';

const tags = ['outreach'];
const read: Access = { roles: ['admin', 'manager'], scopes: ['read'] };
const manage: Access = { roles: ['admin', 'manager'], scopes: ['admin'] };
const runSummary = z.object({
  id: z.string(),
  trigger: z.enum(['schedule', 'manual']),
  startedAt: z.date(),
  reactivationDays: z.number(),
  results: winbackResults,
});

/** The win-back play: settings, runs (and dry runs), results (docs/outreach.md, "Win-back"). */
export function winbackRoutes(ctx: Ctx): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/winback/settings',
      {
        config: { access: read },
        schema: { tags, summary: 'The win-back play’s settings', response: { 200: winbackSettingsView } },
      },
      async () => getWinbackSettings(ctx),
    );

    app.put(
      '/api/v1/winback/settings',
      {
        config: { access: manage },
        schema: {
          tags,
          summary: 'Replace the win-back settings (target, offer, template, window, N days, holdout)',
          body: winbackSettingsInput,
          response: { 200: winbackSettingsView },
        },
      },
      async (req) =>
        saveWinbackSettings(ctx, req.body, staffIdOf(req) ?? null, (trx, s) =>
          recordAudit(trx, req, { action: 'winback.settings.update', details: { ...s } }),
        ),
    );

    app.post(
      '/api/v1/winback/run',
      {
        config: { access: manage },
        schema: {
          tags,
          summary:
            'Run win-back now, or with dryRun see who would be contacted, by which channel, who is refused and why, who is held out',
          body: winbackRunInput,
          response: { 200: winbackRunView },
        },
      },
      async (req) => {
        const view = await runWinback(ctx, {
          ...req.body,
          trigger: 'manual',
          by: staffIdOf(req) ?? null,
        });
        await recordAudit(
          ctx.db,
          req,
          {
            action: view.dryRun ? 'winback.dry-run' : 'winback.run',
            ...(view.id && { target: view.id }),
            details: { results: view.results, customers: view.items.map((i) => i.customerId) },
          },
          { isRead: view.dryRun },
        );
        return view;
      },
    );

    app.get(
      '/api/v1/winback/runs',
      {
        config: { access: read },
        schema: {
          tags,
          summary: 'The latest win-back runs with their results, and the play’s uplift',
          querystring: z.object({ currency: currencyQuery }),
          response: { 200: z.object({ data: z.array(runSummary), uplift: programUpliftView.nullable() }) },
        },
      },
      async (req) => {
        const [data, uplift] = await Promise.all([
          listWinbackRuns(ctx, { limit: 30 }),
          buildUpliftReport(ctx, { programIds: [WINBACK_PROGRAM_ID], currency: req.query.currency }),
        ]);
        return { data, uplift: uplift[0] ?? null };
      },
    );

    app.get(
      '/api/v1/winback/runs/:id',
      {
        config: { access: read },
        schema: {
          tags,
          summary: 'One run: its results and customers (arm, channel, status, why)',
          params: z.object({ id: z.string().uuid() }),
          querystring: z.object({
            status: z.enum(winbackStatuses).optional(),
            limit: z.coerce.number().int().min(1).max(500).default(200),
          }),
          response: { 200: runSummary.extend({ items: z.array(winbackPlanItem) }) },
        },
      },
      async (req) => {
        const [run] = await listWinbackRuns(ctx, { limit: 1, id: req.params.id });
        if (!run) throw notFound('win-back run', req.params.id);
        const items = await listWinbackItems(ctx, run.id, req.query);
        await recordAudit(
          ctx.db,
          req,
          {
            action: 'winback.run.read',
            target: run.id,
            details: { customers: items.map((i) => i.customerId) },
          },
          { isRead: true },
        );
        return { ...run, items };
      },
    );
  };
}

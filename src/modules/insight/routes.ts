import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Ctx } from '../../kernel/context.ts';
import { notFound } from '../../kernel/errors.ts';
import type { Access } from '../../kernel/http/access.ts';
import { boundedReport } from '../../kernel/http/bounded-report.ts';
import { patchOf, text } from '../../kernel/validation.ts';
import { cancelScoringRun } from './cancel-scoring-run.ts';
import { readStoredReport } from './churn/read-stored-report.ts';
import { reasonsSince } from './churn/store-churn-reports.ts';
import { detectHealthDrops } from './detect-health-drops.ts';
import { getCohorts } from './get-cohorts.ts';
import { getCustomerScores } from './get-customer-scores.ts';
import { getModelDiagnostics } from './get-model-diagnostics.ts';
import { getInsightSettings, insightSettings } from './get-settings.ts';
import { listCustomerScores, MAX_SCORES_PAGE, scoresToCsv } from './list-customer-scores.ts';
import { listLapsedCustomers } from './list-lapsed-customers.ts';
import { type ChurnReasonRanking, rankChurnReasons } from './reasons/rank-churn-reasons.ts';
import { runScoringJob } from './run-scoring.ts';
import { customerScoresView, day, json, mover } from './schemas.ts';
import { getSurvival } from './survival/get-survival.ts';
import { updateInsightSettings } from './update-settings.ts';

const readInsight: Access = { roles: ['admin', 'manager', 'agent'], scopes: ['read'] };
const manageInsight: Access = { roles: ['admin', 'manager'], scopes: ['read'] };
const runInsight: Access = { roles: ['admin', 'manager'], scopes: ['write'] };
const adminInsight: Access = { roles: ['admin'], scopes: ['admin'] };

export function insightRoutes(ctx: Ctx): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['insight'];
    app.get(
      '/api/v1/insight/models',
      {
        config: { access: manageInsight },
        schema: {
          tags,
          summary:
            'Fitted models of the latest scoring run with diagnostics (fit, boundaries, holdout, calibration)',
          querystring: z.object({ runId: z.string().uuid().optional() }),
          response: {
            200: z.object({
              run: z
                .object({
                  id: z.string(),
                  status: z.string(),
                  through: z.string(),
                  trigger: z.string(),
                  startedAt: z.date(),
                  finishedAt: z.date().nullable(),
                  customers: z.number(),
                  timings: z.record(z.string(), z.number()),
                  error: z.string().nullable(),
                })
                .nullable(),
              models: z.array(z.object({ kind: z.string(), params: json, diagnostics: json })),
            }),
          },
        },
      },
      async (req) => getModelDiagnostics(ctx, req.query.runId),
    );

    app.get(
      '/api/v1/insight/scores',
      {
        config: { access: manageInsight },
        schema: {
          tags,
          summary:
            "Every customer's latest P(alive), expected purchases over a horizon, CLV, churn risk and health, paged by customer id (JSON or CSV)",
          querystring: z.object({
            after: z.string().max(64).optional().describe('nextCursor of the previous page'),
            limit: z.coerce.number().int().min(1).max(MAX_SCORES_PAGE).default(1000),
            horizonDays: z.coerce.number().int().min(1).max(3650).default(90),
            lapsed: z.enum(['true', 'false']).optional(),
            healthBelow: z.coerce.number().int().min(0).max(101).optional(),
            churnAbove: z.coerce.number().min(0).max(1).optional(),
            format: z.enum(['json', 'csv']).default('json'),
          }),
          response: {
            200: z.union([
              z.object({
                data: z.array(
                  z.object({
                    customerId: z.string(),
                    scoredAt: z.date(),
                    pAlive: z.number().nullable(),
                    expectedPurchases: z.number().nullable(),
                    clvMinor: z.number().nullable(),
                    currency: z.string(),
                    churnProbability: z.number().nullable(),
                    health: z.number().nullable(),
                    lapsed: z.boolean(),
                    status: z.string(),
                  }),
                ),
                nextCursor: z.string().nullable(),
              }),
              z.string(),
            ]),
          },
        },
      },
      async (req, reply) => {
        const { format, lapsed, ...rest } = req.query;
        const page = await listCustomerScores(ctx, {
          ...rest,
          lapsed: lapsed === undefined ? undefined : lapsed === 'true',
        });
        if (format === 'json') return page;
        if (page.nextCursor) reply.header('x-next-cursor', page.nextCursor);
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', 'attachment; filename="scores.csv"')
          .header('x-content-type-options', 'nosniff')
          .send(scoresToCsv(page.data, !req.query.after));
      },
    );

    app.get(
      '/api/v1/insight/customers/:id/scores',
      {
        config: { access: readInsight },
        schema: {
          tags,
          summary: "A customer's P(alive), CLV, churn probability, RFM and health, each with what drives it",
          params: z.object({ id: z.string().uuid() }),
          response: { 200: customerScoresView },
        },
      },
      async (req) => {
        const scores = await getCustomerScores(ctx, req.params.id);
        if (!scores) throw notFound('Scores for customer', req.params.id);
        return scores;
      },
    );

    app.get(
      '/api/v1/insight/reasons',
      {
        config: { access: manageInsight },
        schema: {
          tags,
          summary:
            'Why customers leave: reasons from every source ranked by the churned value behind them. ' +
            "Without `since`, the last scoring run's ranking of the 12 months before its day.",
          querystring: z.object({
            since: day.optional(),
            includeLapsed: z.enum(['true', 'false']).default('true'),
          }),
          response: {
            200: z.object({
              since: z.string(),
              /** When these figures were computed: the scoring run's end, or now for a custom window. */
              asOf: z.string(),
              definition: z.object({
                basis: z.enum(['lapse-or-cancellation', 'cancellation']),
                lapseDays: z.number(),
                label: z.string(),
              }),
              churnedCustomers: z.number(),
              churnedValueMinor: z.number(),
              currency: z.string().nullable(),
              reasons: z.array(
                z.object({
                  reason: z.string(),
                  sources: z.record(z.string(), z.number()),
                  customers: z.number(),
                  churnedValueMinor: z.number(),
                  valueShare: z.number(),
                  customerShare: z.number(),
                }),
              ),
            }),
          },
        },
      },
      async (req, reply) => {
        const includeLapsed = req.query.includeLapsed === 'true';
        if (!req.query.since && includeLapsed) {
          // The scoring run ranked the default view already (seconds on a large base).
          const stored = await readStoredReport<ChurnReasonRanking>(ctx, 'reasons');
          if (stored) return { ...stored.report, asOf: stored.asOf };
        }
        const asOf = ctx.clock.now().toISOString();
        const ranking = await boundedReport(ctx, reply, (c) =>
          rankChurnReasons(c, {
            since: req.query.since ?? reasonsSince(asOf.slice(0, 10)),
            includeLapsed,
          }),
        );
        return { ...ranking, asOf };
      },
    );

    app.get(
      '/api/v1/insight/cohorts',
      {
        config: { access: manageInsight },
        schema: {
          tags,
          summary: 'Monthly acquisition cohorts: retention and revenue-retention matrices, churn rates',
          response: { 200: json },
        },
      },
      async (_req, reply) => boundedReport(ctx, reply, getCohorts),
    );

    app.get(
      '/api/v1/insight/survival',
      {
        config: { access: manageInsight },
        schema: {
          tags,
          summary:
            'Kaplan–Meier lifetime curves by segment with confidence bands, medians and sBG projections',
          querystring: z.object({
            segmentBy: text(100).optional(),
            projectMonths: z.coerce.number().int().min(1).max(60).default(12),
          }),
          response: { 200: json },
        },
      },
      async (req, reply) => boundedReport(ctx, reply, (c) => getSurvival(c, req.query)),
    );

    app.get(
      '/api/v1/insight/lapsed',
      {
        config: { access: readInsight },
        schema: {
          tags,
          summary: 'Lapsed buyers for win-back, most valuable first',
          querystring: z.object({
            limit: z.coerce.number().int().min(1).max(1000).default(100),
            offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
          }),
          response: {
            200: z.object({
              data: z.array(
                z.object({
                  customerId: z.string(),
                  lastPurchaseOn: z.string().nullable(),
                  pAlive: z.number().nullable(),
                  revenueMinor: z.number(),
                  clvMinor: z.number().nullable(),
                  currency: z.string(),
                  rfmSegment: z.string().nullable(),
                }),
              ),
            }),
          },
        },
      },
      async (req, reply) => ({
        data: await boundedReport(ctx, reply, (c) => listLapsedCustomers(c, req.query)),
      }),
    );

    app.get(
      '/api/v1/insight/health-drops',
      {
        config: { access: readInsight },
        schema: {
          tags,
          summary: 'Customers whose health fell at least `points` within `days` days, with what moved it',
          querystring: z.object({
            points: z.coerce.number().int().min(1).max(100).default(20),
            days: z.coerce.number().int().min(1).max(365).default(30),
            limit: z.coerce.number().int().min(1).max(10_000).default(500),
          }),
          response: {
            200: z.object({
              data: z.array(
                z.object({
                  customerId: z.string(),
                  from: z.number(),
                  fromOn: z.string(),
                  to: z.number(),
                  drop: z.number(),
                  movedBy: z.array(mover),
                }),
              ),
            }),
          },
        },
      },
      async (req, reply) => ({
        data: await boundedReport(ctx, reply, (c) => detectHealthDrops(c, req.query)),
      }),
    );

    app.get(
      '/api/v1/insight/settings',
      {
        config: { access: manageInsight },
        schema: {
          tags,
          summary: 'Scoring settings: health weights, horizons, thresholds',
          response: { 200: insightSettings },
        },
      },
      async () => getInsightSettings(ctx),
    );

    app.put(
      '/api/v1/insight/settings',
      {
        config: { access: adminInsight },
        schema: {
          tags,
          summary: 'Change scoring settings (takes effect at the next run)',
          body: patchOf(insightSettings),
          response: { 200: insightSettings },
        },
      },
      async (req) => updateInsightSettings(ctx, req.body),
    );

    app.post(
      '/api/v1/insight/runs',
      {
        config: { access: runInsight },
        schema: {
          tags,
          summary: 'Queue a scoring run (refit the models and rescore every customer)',
          body: z.object({ through: day.optional() }).default({}),
          response: { 202: z.object({ jobId: z.string().nullable() }) },
        },
      },
      async (req, reply) =>
        reply.status(202).send({ jobId: await ctx.queue.send(runScoringJob, { through: req.body.through }) }),
    );

    app.post(
      '/api/v1/insight/runs/:id/cancel',
      {
        config: { access: adminInsight },
        schema: {
          tags,
          summary: 'Cancel a running scoring run (its process stops at its next checkpoint)',
          params: z.object({ id: z.string().uuid() }),
          response: { 200: z.object({ cancelled: z.array(z.string()) }) },
        },
      },
      async (req) => {
        const cancelled = await cancelScoringRun(ctx, req.params.id);
        if (!cancelled.length) throw notFound('Running scoring run', req.params.id);
        return { cancelled };
      },
    );

    app.get(
      '/api/v1/insight/runs',
      {
        config: { access: manageInsight },
        schema: {
          tags,
          summary: 'Recent scoring runs',
          response: {
            200: z.object({
              data: z.array(
                z.object({
                  id: z.string(),
                  status: z.string(),
                  through: z.string(),
                  trigger: z.string(),
                  startedAt: z.date(),
                  finishedAt: z.date().nullable(),
                  customers: z.number(),
                  error: z.string().nullable(),
                }),
              ),
            }),
          },
        },
      },
      async () => {
        const rows = await ctx.db
          .selectFrom('insight_run')
          .select(['id', 'status', 'trigger', 'started_at', 'finished_at', 'customers', 'error'])
          .select((eb) => eb.cast<string>('through_date', 'text').as('through'))
          .orderBy('started_at', 'desc')
          .limit(50)
          .execute();
        return {
          data: rows.map((r) => ({
            id: r.id,
            status: r.status,
            through: r.through,
            trigger: r.trigger,
            startedAt: r.started_at,
            finishedAt: r.finished_at,
            customers: r.customers,
            error: r.error,
          })),
        };
      },
    );
  };
}

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DAY_MS } from '../../kernel/clock.ts';
import type { Ctx } from '../../kernel/context.ts';
import { staffIdOf } from '../../kernel/http/access.ts';
import { patchOf, text, timestamp } from '../../kernel/validation.ts';
import { currencyQuery, programUpliftView } from '../outreach/index.ts';
import { recordAudit } from '../staff/index.ts';
import { manageLoop, readLoop } from './access.ts';
import { buildReport } from './build-report.ts';
import {
  getPlaybook,
  listPlaybooks,
  listRootCauses,
  listSlaPolicies,
  savePlaybook,
  saveRootCause,
  setSlaPolicy,
} from './manage-settings.ts';
import { notificationRoutes } from './notification-routes.ts';
import { slugKey } from './schemas.ts';
import { severities, stepTypes } from './tables.ts';

const idParams = z.object({ id: z.string().uuid() });
const step = z.object({
  type: z
    .enum(stepTypes)
    .describe('call, email, gesture (goodwill), survey (follow-up), check-in, or any other task'),
  title: text(200).trim().min(1).describe('what the task asks the rep to do'),
  dueAfterHours: z
    .number()
    .min(0)
    .max(24 * 365)
    .describe('due this many hours after the case opens'),
  template: text(100).trim().optional().describe('the email template to use, by name'),
});
const playbook = z.object({
  key: slugKey,
  name: text(200).trim().min(1),
  description: text(2000).default(''),
  steps: z.array(step).min(1).max(30).describe('in order; each becomes a task when a case opens'),
  enabled: z.boolean().default(true),
  holdoutShare: z
    .number()
    .min(0)
    .max(0.5)
    .default(0)
    .describe('share of customers (0–0.5) whose cases get no proactive steps, to measure uplift'),
});
const playbookView = playbook.extend({ id: z.string().uuid() });
const slaPolicy = z.object({
  severity: z.enum(severities),
  firstContactMinutes: z.number().int().min(1).max(525_600),
  resolutionMinutes: z.number().int().min(1).max(525_600),
  warnAtPercent: z.number().int().min(1).max(99).default(75),
});
const reportRow = z.object({
  rootCause: z.string(),
  playbook: z.string(),
  playbookApplied: z.boolean(),
  cases: z.number(),
  firstContact: z.object({
    contacted: z.number(),
    medianMinutes: z.number().nullable(),
    meanMinutes: z.number().nullable(),
  }),
  sla: z.object({
    firstContactMet: z.number(),
    resolutionMet: z.number(),
    compliance: z.number().nullable(),
  }),
  outcomes: z.record(z.string(), z.number()),
  saveRate: z.number().nullable(),
  after90d: z.object({
    matured: z.number(),
    retained: z.number(),
    retentionRate: z.number().nullable(),
    spend: z.array(z.object({ currency: z.string(), minor: z.number() })),
  }),
});

/** Playbooks, root causes, SLA policies, webhooks, in-app notifications and the report. */
export function loopRoutes(ctx: Ctx): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/loop/playbooks',
      {
        config: { access: readLoop },
        schema: {
          tags: ['loop'],
          summary: 'List playbooks',
          response: { 200: z.object({ data: z.array(playbookView) }) },
        },
      },
      async () => ({
        data: await listPlaybooks(ctx),
      }),
    );
    app.get(
      '/api/v1/loop/playbooks/:id',
      {
        config: { access: readLoop },
        schema: {
          tags: ['loop'],
          summary: 'Get a playbook',
          params: idParams,
          response: { 200: playbookView },
        },
      },
      async (req) => getPlaybook(ctx, req.params.id),
    );
    app.post(
      '/api/v1/loop/playbooks',
      {
        config: { access: manageLoop },
        schema: {
          tags: ['loop'],
          summary: 'Create a playbook',
          body: playbook,
          response: { 201: playbookView },
        },
      },
      async (req, reply) => {
        const saved = await savePlaybook(ctx, req.body, undefined, staffIdOf(req));
        await recordAudit(ctx.db, req, {
          action: 'playbook.create',
          target: saved.id,
          details: { key: saved.key },
        });
        return reply.status(201).send(saved);
      },
    );
    app.patch(
      '/api/v1/loop/playbooks/:id',
      {
        config: { access: manageLoop },
        schema: {
          tags: ['loop'],
          summary: 'Change a playbook (cases already started keep their tasks)',
          description:
            'Only the fields sent change. `steps` replaces the whole list, in the order given (send it reordered to move a step).',
          params: idParams,
          body: patchOf(playbook),
          response: { 200: playbookView },
        },
      },
      async (req) => {
        const saved = await savePlaybook(ctx, req.body, req.params.id, staffIdOf(req));
        await recordAudit(ctx.db, req, {
          action: 'playbook.update',
          target: saved.id,
          details: { fields: Object.keys(req.body), holdoutShare: req.body.holdoutShare },
        });
        return saved;
      },
    );

    const rootCause = z.object({
      key: slugKey,
      label: text(200).trim().min(1),
      active: z.boolean().default(true),
    });
    app.get(
      '/api/v1/loop/root-causes',
      {
        config: { access: readLoop },
        schema: {
          tags: ['loop'],
          summary: 'The managed list of root causes',
          response: { 200: z.object({ data: z.array(rootCause) }) },
        },
      },
      async () => ({
        data: await listRootCauses(ctx),
      }),
    );
    app.put(
      '/api/v1/loop/root-causes',
      {
        config: { access: manageLoop },
        schema: {
          tags: ['loop'],
          summary: 'Add, relabel or retire a root cause',
          body: rootCause,
          response: { 200: z.object({ data: z.array(rootCause) }) },
        },
      },
      async (req) => {
        await saveRootCause(ctx, req.body);
        return { data: await listRootCauses(ctx) };
      },
    );

    app.get(
      '/api/v1/loop/sla-policies',
      {
        config: { access: readLoop },
        schema: {
          tags: ['loop'],
          summary: 'SLA targets per severity, in business minutes',
          response: { 200: z.object({ data: z.array(slaPolicy) }) },
        },
      },
      async () => ({
        data: await listSlaPolicies(ctx),
      }),
    );
    app.put(
      '/api/v1/loop/sla-policies',
      {
        config: { access: manageLoop },
        schema: {
          tags: ['loop'],
          summary: 'Set the SLA targets of one severity',
          body: slaPolicy,
          response: { 200: z.object({ data: z.array(slaPolicy) }) },
        },
      },
      async (req) => {
        await setSlaPolicy(ctx, req.body);
        return { data: await listSlaPolicies(ctx) };
      },
    );

    await app.register(notificationRoutes(ctx));

    app.get(
      '/api/v1/loop/report',
      {
        config: { access: readLoop },
        schema: {
          tags: ['loop'],
          summary:
            'What works: per root cause × playbook, cases, time to first contact, SLA compliance, save rate, 90-day retention and spend',
          querystring: z.object({
            from: timestamp().optional().describe('resolved from (default: 365 days ago)'),
            to: timestamp().optional().describe('resolved before (default: now)'),
            currency: currencyQuery,
          }),
          response: {
            200: z.object({
              from: z.date(),
              to: z.date(),
              cases: z.number(),
              rows: z.array(reportRow),
              upliftByPlaybook: z
                .array(programUpliftView)
                .describe(
                  'each playbook against its holdout (playbooks with a holdout share, or that had one)',
                ),
            }),
          },
        },
      },
      async (req) => {
        const now = ctx.clock.now();
        return buildReport(ctx, {
          from: req.query.from ? new Date(req.query.from) : new Date(now.getTime() - 365 * DAY_MS),
          to: req.query.to ? new Date(req.query.to) : new Date(now.getTime() + 1),
          currency: req.query.currency,
        });
      },
    );
  };
}

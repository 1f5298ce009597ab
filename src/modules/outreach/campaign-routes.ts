import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Ctx } from '../../kernel/context.ts';
import { AppError } from '../../kernel/errors.ts';
import { type Access, staffIdOf } from '../../kernel/http/access.ts';
import { text } from '../../kernel/validation.ts';
import { recordAudit } from '../staff/index.ts';
import { createCampaign } from './campaigns/create-campaign.ts';
import { campaignResults, getCampaign, listCampaigns } from './campaigns/get-campaign.ts';
import { launchCampaign } from './campaigns/launch-campaign.ts';
import { listRuns } from './campaigns/list-runs.ts';
import { previewCampaign, testSendCampaign } from './campaigns/preview-campaign.ts';
import { recordClick } from './campaigns/record-click.ts';
import { campaignInput, campaignView, campaignResults as resultsView, runView } from './campaigns/schemas.ts';
import { campaignStatuses } from './campaigns/tables.ts';
import { buildUpliftReport } from './uplift/build-uplift-report.ts';
import { currencyQuery, programUpliftView } from './uplift/schemas.ts';

const readCampaigns: Access = { roles: ['admin', 'manager'], scopes: ['read'] };
const writeCampaigns: Access = { roles: ['admin', 'manager'], scopes: ['write'] };
const idParams = z.object({ id: z.string().uuid() });
const customerBody = z.object({ customerId: z.string().uuid() }).strict();
const mailView = z.object({ subject: z.string(), text: z.string(), html: z.string() });
const tag = ['campaigns'];
const templateDoc =
  'Subject and body are Liquid templates over `customer.name/firstName/email`, `lastPurchase.date/amount` ' +
  '(null when the customer never bought), `owner.name/email/signature` (null without an owner). ' +
  'Unknown filters and templates that do not parse are a 400. http(s) links written in the body are tracked.';

/** Campaigns (staff API) and the public click redirect `/c/:token`. */
export function campaignRoutes(ctx: Ctx, limits: { clicksPerMinute?: number } = {}): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/campaigns',
      {
        config: { access: readCampaigns },
        schema: {
          tags: tag,
          summary: 'Campaigns, newest first',
          response: { 200: z.object({ data: z.array(campaignView) }) },
        },
      },
      async () => ({ data: await listCampaigns(ctx) }),
    );

    app.post(
      '/api/v1/campaigns',
      {
        config: { access: writeCampaigns },
        schema: {
          tags: tag,
          summary: 'Save a draft campaign',
          description: templateDoc,
          body: campaignInput,
          response: { 201: campaignView },
        },
      },
      async (req, reply) => {
        const saved = await createCampaign(ctx, req.body, staffIdOf(req) ?? null, (db, c) =>
          recordAudit(db, req, {
            action: 'campaign.create',
            target: c.id,
            details: { name: c.name, segmentId: c.segmentId },
          }),
        );
        return reply.status(201).send(saved);
      },
    );

    app.get(
      '/api/v1/campaigns/:id',
      {
        config: { access: readCampaigns },
        schema: {
          tags: tag,
          summary: 'A campaign with its results and the uplift of its program',
          params: idParams,
          querystring: z.object({ currency: currencyQuery }),
          response: {
            200: campaignView.extend({
              results: resultsView.describe('all runs together'),
              runs: z.array(runView).max(120),
              uplift: programUpliftView.nullable(),
            }),
          },
        },
      },
      async (req) => {
        const c = await getCampaign(ctx, req.params.id);
        const [results, runs, uplift] = await Promise.all([
          campaignResults(ctx, c),
          listRuns(ctx, c),
          buildUpliftReport(ctx, {
            kind: 'campaign',
            programIds: [c.programId],
            currency: req.query.currency,
          }),
        ]);
        return { ...c, results, runs, uplift: uplift[0] ?? null };
      },
    );

    app.post(
      '/api/v1/campaigns/:id/preview',
      {
        config: { access: readCampaigns },
        schema: {
          tags: tag,
          summary: 'Render the campaign for one real customer',
          params: idParams,
          body: customerBody,
          response: { 200: mailView },
        },
      },
      async (req) => {
        const c = await getCampaign(ctx, req.params.id);
        const mail = await previewCampaign(ctx, c, req.body.customerId);
        await recordAudit(
          ctx.db,
          req,
          { action: 'campaign.preview', customerId: req.body.customerId, target: c.id },
          { isRead: true },
        );
        return mail;
      },
    );

    app.post(
      '/api/v1/campaigns/:id/test-send',
      {
        config: { access: { roles: ['admin', 'manager'], scopes: [] } },
        schema: {
          tags: tag,
          summary: 'Mail the preview for a customer to your own address',
          params: idParams,
          body: customerBody,
          response: { 200: z.object({ to: z.string() }) },
        },
      },
      async (req) => {
        const staffId = staffIdOf(req);
        if (!staffId)
          throw new AppError('forbidden', 'Test sends go to a signed-in staff member’s own address');
        const c = await getCampaign(ctx, req.params.id);
        const sent = await testSendCampaign(ctx, c, req.body.customerId, staffId);
        await recordAudit(ctx.db, req, {
          action: 'campaign.test-send',
          customerId: req.body.customerId,
          target: c.id,
        });
        return sent;
      },
    );

    app.post(
      '/api/v1/campaigns/:id/launch',
      {
        config: { access: writeCampaigns },
        schema: {
          tags: tag,
          summary:
            'Launch: a one-off campaign is snapshotted and sent by a durable job; recurring and triggered ones become active',
          description:
            'Answers 202 at once with the new status (`scheduled` for one-off, `active` otherwise); ' +
            'the runs and their results are on `GET /api/v1/campaigns/:id`. A campaign already launched is a 409.',
          params: idParams,
          response: { 202: z.object({ status: z.enum(campaignStatuses) }) },
        },
      },
      async (req, reply) => {
        const launched = await launchCampaign(ctx, req.params.id);
        await recordAudit(ctx.db, req, {
          action: 'campaign.launch',
          target: req.params.id,
          details: launched,
        });
        return reply.status(202).send(launched);
      },
    );

    app.get(
      '/c/:token',
      {
        config: {
          access: { public: 'tracked campaign links carry their own signed token' },
          rateLimit: { max: limits.clicksPerMinute ?? 120, timeWindow: '1 minute' },
        },
        schema: { hide: true, params: z.object({ token: text(500).min(1) }) },
      },
      async (req, reply) => {
        const url = await recordClick(ctx, req.params.token);
        if (!url) return reply.status(404).type('text/plain').send('This link does not work.');
        return reply.header('referrer-policy', 'no-referrer').redirect(url, 302);
      },
    );
  };
}

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Ctx } from '../../kernel/context.ts';
import { requestSignal } from '../../kernel/http/request-signal.ts';
import { text } from '../../kernel/validation.ts';
import { recordAudit } from '../staff/index.ts';
import { manageLoop, readLoop } from './access.ts';
import { checkCondition } from './compile-condition.ts';
import { dryRunRule } from './dry-run-rule.ts';
import { listRules } from './list-rules.ts';
import { saveRule } from './save-rule.ts';
import {
  conditionCheck,
  conditionCheckView,
  dryRunInput,
  dryRunView,
  ruleFields,
  rulePatch,
  ruleView,
} from './schemas.ts';

const idParams = z.object({ id: z.string().uuid() });
const window = (b: z.infer<typeof dryRunInput>, signal: AbortSignal) => ({
  from: b.from ? new Date(b.from) : undefined,
  to: b.to ? new Date(b.to) : undefined,
  limit: b.limit,
  signal,
});
const dryRunDescription =
  'Replays the whole window a page at a time, unless `limit` or the 25 s time limit stops it first: then ' +
  '`complete` is false, `stoppedBy` says why and `from` is the oldest touchpoint checked. Runs read-only under ' +
  'a statement time limit and stops when the client disconnects. Managers and admins (API keys: scope admin): ' +
  'it is an expensive read.';

/** /api/v1/rules: the red-flag rules, their editing and dry runs over history. */
export function ruleRoutes(ctx: Ctx): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/rules',
      {
        config: { access: readLoop },
        schema: {
          tags: ['loop'],
          summary: 'List red-flag rules (shipped defaults included)',
          response: { 200: z.object({ data: z.array(ruleView) }) },
        },
      },
      async () => ({ data: await listRules(ctx) }),
    );

    app.get(
      '/api/v1/rules/:id',
      {
        config: { access: readLoop },
        schema: { tags: ['loop'], summary: 'Get a rule', params: idParams, response: { 200: ruleView } },
      },
      async (req) => (await listRules(ctx, req.params.id))[0] as z.infer<typeof ruleView>,
    );

    app.post(
      '/api/v1/rules',
      {
        config: { access: manageLoop },
        schema: {
          tags: ['loop'],
          summary: 'Create a red-flag rule',
          description:
            'The condition is CEL over `event` (kind, channel, direction, source, sourceId, occurredAt, sentiment, ' +
            'amountMinor, currency, properties — a survey answer carries properties.type, score, comment, themes; null ' +
            'for scheduled rules), `customer` (status, lifecycleStage, customFields, tenureDays, purchaseCount, ' +
            'daysSinceLastPurchase, meanPurchaseIntervalDays, lifetimeSpendMinor, highValue, daysSinceLastContact, ' +
            'interactionCount, openItems…), `scores` (insight: health, healthDrop30d, pAlive, churnProbability, clvMinor, ' +
            'rfmSegment — absent until scored, so test with has()) and `now`. It is type-checked on save ' +
            '(see POST /api/v1/rules/validate).',
          body: ruleFields,
          response: { 201: ruleView },
        },
      },
      async (req, reply) => {
        const rule = await saveRule(ctx, req.body);
        await recordAudit(ctx.db, req, {
          action: 'rule.create',
          target: rule.id,
          details: { key: rule.key },
        });
        return reply.status(201).send(rule);
      },
    );

    app.patch(
      '/api/v1/rules/:id',
      {
        config: { access: manageLoop },
        schema: {
          tags: ['loop'],
          summary: 'Change a rule (enable/disable, condition, severity, playbook…)',
          description: 'Only the fields sent change; the others keep their values.',
          params: idParams,
          body: rulePatch,
          response: { 200: ruleView },
        },
      },
      async (req) => {
        const rule = await saveRule(ctx, req.body, req.params.id);
        await recordAudit(ctx.db, req, {
          action: 'rule.update',
          target: rule.id,
          details: { fields: Object.keys(req.body) },
        });
        return rule;
      },
    );

    app.post(
      '/api/v1/rules/validate',
      {
        config: { access: readLoop },
        schema: {
          tags: ['loop'],
          summary: 'Check a condition without saving it: what is wrong, in plain words, and where',
          description:
            'Parses and type-checks the CEL condition as a save would (for `trigger: "schedule"`, naming `event` is ' +
            'an error: a nightly rule has no touchpoint). Always 200: `valid` says whether it would be accepted, ' +
            '`message` what is wrong and `position` where (offsets from 0, line and column from 1). Made to be ' +
            'called as a manager types.',
          body: conditionCheck,
          response: { 200: conditionCheckView },
        },
      },
      async (req) => checkCondition(req.body.condition, req.body.trigger),
    );

    app.post(
      '/api/v1/rules/:id/dry-run',
      {
        config: { access: manageLoop, rateLimit: { max: 30, timeWindow: '1 minute' } },
        schema: {
          tags: ['loop'],
          summary: 'What a saved rule would have raised over past touchpoints (raises nothing)',
          description: dryRunDescription,
          params: idParams,
          body: dryRunInput,
          response: { 200: dryRunView },
        },
      },
      async (req, reply) => {
        const [rule] = await listRules(ctx, req.params.id);
        return dryRunRule(ctx, rule as z.infer<typeof ruleView>, window(req.body, requestSignal(reply)));
      },
    );

    app.post(
      '/api/v1/rules/dry-run',
      {
        config: { access: manageLoop, rateLimit: { max: 30, timeWindow: '1 minute' } },
        schema: {
          tags: ['loop'],
          summary: 'Try a rule before saving it: what it would have raised over past touchpoints',
          description: dryRunDescription,
          body: dryRunInput.extend({
            rule: ruleFields.pick({ trigger: true, condition: true }).extend({
              name: text(200).default('Dry run'),
              eventKinds: ruleFields.shape.eventKinds,
              eventChannels: ruleFields.shape.eventChannels,
            }),
          }),
          response: { 200: dryRunView },
        },
      },
      async (req, reply) => dryRunRule(ctx, req.body.rule, window(req.body, requestSignal(reply))),
    );
  };
}

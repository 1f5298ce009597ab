import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Ctx } from '../../kernel/context.ts';
import { recordAudit } from '../staff/index.ts';
import { dryRunEarnRules } from './ledger/dry-run-earn-rules.ts';
import { deleteEarnRule, listEarnRules, saveEarnRule } from './ledger/earn-rules.ts';
import { getLoyaltySettings, saveLoyaltySettings } from './ledger/loyalty-settings.ts';
import { dryRunResult, ruleBody, ruleView, settings } from './ledger/schemas.ts';

const admin = { roles: ['admin'], scopes: ['admin'] } as const;

/** Earn rules (CRUD and a dry run over past purchases) and the pending and expiry settings: admins only. */
export function earnRuleRoutes(ctx: Ctx): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/loyalty/earn-rules',
      {
        config: { access: admin },
        schema: {
          tags: ['loyalty'],
          summary: 'Earn rules over purchases',
          response: { 200: z.object({ data: z.array(ruleView) }) },
        },
      },
      async () => ({ data: await listEarnRules(ctx.db) }),
    );

    app.post(
      '/api/v1/loyalty/earn-rules',
      {
        config: { access: admin },
        schema: {
          tags: ['loyalty'],
          summary: 'Create an earn rule (refused with where and why if it does not compile)',
          body: ruleBody,
          response: { 201: ruleView },
        },
      },
      async (req, reply) => {
        const saved = await saveEarnRule(ctx, req.body);
        await recordAudit(ctx.db, req, {
          action: 'loyalty.earn-rule.create',
          target: saved.id,
          details: req.body,
        });
        return reply.status(201).send(saved);
      },
    );

    app.put(
      '/api/v1/loyalty/earn-rules/:id',
      {
        config: { access: admin },
        schema: {
          tags: ['loyalty'],
          summary: 'Replace an earn rule',
          params: z.object({ id: z.string().uuid() }),
          body: ruleBody,
          response: { 200: ruleView },
        },
      },
      async (req) => {
        const saved = await saveEarnRule(ctx, req.body, req.params.id);
        await recordAudit(ctx.db, req, {
          action: 'loyalty.earn-rule.update',
          target: saved.id,
          details: req.body,
        });
        return saved;
      },
    );

    app.delete(
      '/api/v1/loyalty/earn-rules/:id',
      {
        config: { access: admin },
        schema: {
          tags: ['loyalty'],
          summary: 'Delete an earn rule (points already earned stay)',
          params: z.object({ id: z.string().uuid() }),
        },
      },
      async (req, reply) => {
        await deleteEarnRule(ctx.db, req.params.id);
        await recordAudit(ctx.db, req, { action: 'loyalty.earn-rule.delete', target: req.params.id });
        return reply.status(204).send();
      },
    );

    app.post(
      '/api/v1/loyalty/earn-rules/dry-run',
      {
        config: { access: admin },
        schema: {
          tags: ['loyalty'],
          summary: 'What these rules would earn over past purchases (nothing is written)',
          body: z.object({
            rules: z
              .array(ruleBody.omit({ enabled: true }))
              .min(1)
              .max(20),
            days: z.number().int().min(1).max(3650).default(365),
            maxPurchases: z.number().int().min(1).max(200_000).default(50_000),
          }),
          response: { 200: dryRunResult },
        },
      },
      async (req) => dryRunEarnRules(ctx, req.body),
    );

    app.get(
      '/api/v1/loyalty/settings',
      {
        config: { access: admin },
        schema: {
          tags: ['loyalty'],
          summary: 'Pending period and expiry policy',
          response: { 200: settings },
        },
      },
      async () => getLoyaltySettings(ctx.db),
    );

    app.put(
      '/api/v1/loyalty/settings',
      {
        config: { access: admin },
        schema: {
          tags: ['loyalty'],
          summary: 'Change the pending period and expiry policy',
          body: settings,
          response: { 200: settings },
        },
      },
      async (req) => {
        const saved = await saveLoyaltySettings(ctx, req.body);
        await recordAudit(ctx.db, req, { action: 'loyalty.settings.update', details: saved });
        return saved;
      },
    );
  };
}

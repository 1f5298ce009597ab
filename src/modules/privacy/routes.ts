import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Ctx } from '../../kernel/context.ts';
import { type Access, principalOf, staffIdOf } from '../../kernel/http/access.ts';
import { recordAudit } from '../staff/index.ts';
import { eraseCustomer } from './erase-customer.ts';
import { exportCustomerData } from './export-customer-data.ts';
import { getRetention, setRetention } from './retention.ts';

/** Personal data leaves or is destroyed only at an admin's hand (or an admin-scoped key). */
const adminOnly: Access = { roles: ['admin'], scopes: ['admin'] };
const idParams = z.object({ id: z.string().uuid() });
const days = z.number().int().min(1).max(36500).nullable();
const retentionView = z.object({
  anonymousAnswersDays: days.describe(
    'anonymous survey answers older than this are deleted nightly; null keeps them',
  ),
  auditDetailDays: days.describe(
    'audit entries older than this lose their detail and address nightly; null keeps them',
  ),
  updatedAt: z.date(),
});

/** Personal-data export and erasure, and retention settings. */
export function privacyRoutes(ctx: Ctx): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/customers/:id/export',
      {
        config: { access: adminOnly },
        schema: {
          tags: ['customers'],
          summary:
            'Everything held about a customer, from every module, as JSON (a data-subject access request)',
          params: idParams,
          response: { 200: z.record(z.string(), z.unknown()) },
        },
      },
      async (req, reply) => {
        const data = await exportCustomerData(ctx, req.params.id);
        await recordAudit(ctx.db, req, { action: 'customer.export', customerId: req.params.id });
        reply.header('content-disposition', `attachment; filename="customer-${req.params.id}.json"`);
        return data;
      },
    );

    app.delete(
      '/api/v1/customers/:id',
      {
        config: { access: adminOnly },
        schema: {
          tags: ['customers'],
          summary: "Erase a customer's personal data in every module, keeping anonymous counts and amounts",
          description:
            'Irreversible. Profile, identities, timeline text and properties, survey comments and free-text answers, ' +
            'case texts and comments, notices, webhook payloads, ledger notes, contact references and audit detail are ' +
            'removed or redacted; dates, amounts, scores and counts stay. The erasure is audited with its reason.',
          params: idParams,
          body: z.object({
            reason: z.string().trim().min(3).max(500).describe('why (the request, the ticket)'),
          }),
          response: {
            200: z.object({
              customerId: z.string().uuid(),
              erasedAt: z.date(),
              counts: z.record(z.string(), z.number()),
            }),
          },
        },
      },
      async (req) => {
        const p = principalOf(req);
        return eraseCustomer(ctx, req.params.id, {
          reason: req.body.reason,
          by: { kind: p.kind, id: p.id, ip: req.ip },
        });
      },
    );

    app.get(
      '/api/v1/privacy/settings',
      {
        config: { access: adminOnly },
        schema: {
          tags: ['settings'],
          summary: 'Retention of anonymous answers and audit detail',
          response: { 200: retentionView },
        },
      },
      async () => getRetention(ctx),
    );

    app.put(
      '/api/v1/privacy/settings',
      {
        config: { access: adminOnly },
        schema: {
          tags: ['settings'],
          summary: 'Set retention (applied every night at 03:40 UTC)',
          body: z.object({ anonymousAnswersDays: days.optional(), auditDetailDays: days.optional() }),
          response: { 200: retentionView },
        },
      },
      async (req) => setRetention(ctx, req.body, staffIdOf(req) ?? null),
    );
  };
}

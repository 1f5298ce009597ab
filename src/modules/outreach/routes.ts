import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Ctx } from '../../kernel/context.ts';
import { notFound } from '../../kernel/errors.ts';
import { type Access, staffIdOf } from '../../kernel/http/access.ts';
import { text } from '../../kernel/validation.ts';
import { getCustomer } from '../customers/index.ts';
import { recordAudit } from '../staff/index.ts';
import { authorizeConsentChange } from './consent-access.ts';
import { CONSENT_STATES } from './consent-model.ts';
import { consentRoutes } from './consent-routes.ts';
import { deleteContactRule } from './delete-contact-rule.ts';
import { listContactPreferences } from './list-contact-preferences.ts';
import { listContactRules } from './list-contact-rules.ts';
import { listContacts } from './list-contacts.ts';
import { preferenceCentreRoutes } from './preference-centre/routes.ts';
import { contactEntry, customerParams, limitQuery } from './schemas.ts';
import { setContactPreference } from './set-contact-preference.ts';
import { setContactRule } from './set-contact-rule.ts';

const adminOnly: Access = { roles: ['admin'], scopes: ['admin'] };
const readAccess: Access = { roles: ['admin', 'manager', 'agent'], scopes: ['read'] };
const writeAccess: Access = { roles: ['admin', 'manager', 'agent'], scopes: ['write'] };

const purpose = z.union([z.literal('*'), z.string().regex(/^[a-z][a-z0-9-]{0,39}$/)]);
const channel = purpose;
const ruleView = z.object({
  purpose,
  windowDays: z.number().int().min(0).max(3650),
  maxContacts: z.number().int().min(0).max(1000),
  maxReminders: z.number().int().min(0).max(100),
});
const preferenceView = z.object({
  purpose: z.string(),
  channel: z.string(),
  state: z.enum(CONSENT_STATES),
  allowed: z.boolean(),
  source: z.string(),
  recordedBy: z.string(),
  note: z.string().nullable(),
  updatedAt: z.date(),
  updatedBy: z.string().nullable(),
});

export function outreachRoutes(ctx: Ctx): FastifyPluginAsyncZod {
  return async (app) => {
    await app.register(consentRoutes(ctx));
    await app.register(preferenceCentreRoutes(ctx));
    app.get(
      '/api/v1/outreach/rules',
      {
        config: { access: readAccess },
        schema: {
          tags: ['outreach'],
          summary: 'The contact budget: how often a customer may be contacted, per purpose',
          response: { 200: z.object({ data: z.array(ruleView) }) },
        },
      },
      async () => ({ data: await listContactRules(ctx) }),
    );

    app.put(
      '/api/v1/outreach/rules/:purpose',
      {
        config: { access: adminOnly },
        schema: {
          tags: ['outreach'],
          summary: 'Set the contact budget for a purpose ("*" = all purposes together)',
          params: z.object({ purpose }),
          body: ruleView.omit({ purpose: true }),
          response: { 200: ruleView },
        },
      },
      async (req) => {
        const rule = await setContactRule(ctx, { purpose: req.params.purpose, ...req.body }, staffIdOf(req));
        await recordAudit(ctx.db, req, {
          action: 'outreach.rule.set',
          target: req.params.purpose,
          details: req.body,
        });
        return rule;
      },
    );

    app.delete(
      '/api/v1/outreach/rules/:purpose',
      {
        config: { access: adminOnly },
        schema: {
          tags: ['outreach'],
          summary: 'Remove the contact budget of a purpose',
          params: z.object({ purpose }),
          response: { 204: z.null() },
        },
      },
      async (req, reply) => {
        if (!(await deleteContactRule(ctx, req.params.purpose)))
          throw notFound('Contact rule', req.params.purpose);
        await recordAudit(ctx.db, req, { action: 'outreach.rule.delete', target: req.params.purpose });
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/api/v1/outreach/customers/:customerId/preferences',
      {
        config: { access: readAccess },
        schema: {
          tags: ['outreach'],
          summary: "A customer's consents and opt-outs per purpose and channel",
          params: customerParams,
          response: { 200: z.object({ data: z.array(preferenceView) }) },
        },
      },
      async (req) => {
        await getCustomer(ctx, req.params.customerId);
        return { data: await listContactPreferences(ctx, req.params.customerId) };
      },
    );

    app.put(
      '/api/v1/outreach/customers/:customerId/preferences',
      {
        config: { access: writeAccess },
        schema: {
          tags: ['outreach'],
          summary:
            'Record a consent or an opt-out with "*" wildcards (the first API; see …/consent for the matrix)',
          params: customerParams,
          body: z.object({
            purpose,
            channel,
            allowed: z.boolean(),
            note: text(1000).optional(),
          }),
          response: { 200: z.object({ data: z.array(preferenceView) }) },
        },
      },
      async (req) => {
        const { customerId } = req.params;
        const customer = await getCustomer(ctx, customerId);
        await authorizeConsentChange(ctx, req, customer, [req.body.allowed ? 'granted' : 'refused']);
        await setContactPreference(
          ctx,
          { customerId, ...req.body, source: 'staff', staffId: staffIdOf(req) },
          {
            audit: (trx) =>
              recordAudit(trx, req, { action: 'outreach.preference.set', customerId, details: req.body }),
          },
        );
        return { data: await listContactPreferences(ctx, customerId) };
      },
    );

    app.get(
      '/api/v1/outreach/customers/:customerId/contacts',
      {
        config: { access: readAccess },
        schema: {
          tags: ['outreach'],
          summary: 'Contacts counted against the budget for a customer, newest first',
          params: customerParams,
          querystring: limitQuery,
          response: {
            200: z.object({
              data: z.array(contactEntry.extend({ reminderOf: z.string().nullable() })),
            }),
          },
        },
      },
      async (req) => {
        await getCustomer(ctx, req.params.customerId);
        return { data: await listContacts(ctx, req.params.customerId, req.query.limit) };
      },
    );
  };
}

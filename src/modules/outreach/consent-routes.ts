import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Ctx } from '../../kernel/context.ts';
import { type Access, staffIdOf } from '../../kernel/http/access.ts';
import { text, timeZone } from '../../kernel/validation.ts';
import { getCustomer } from '../customers/index.ts';
import { recordAudit } from '../staff/index.ts';
import { authorizeConsentChange } from './consent-access.ts';
import { CONSENT_CHANNELS, CONSENT_PURPOSES, CONSENT_STATES } from './consent-model.ts';
import { getConsentMatrix, getContactHours } from './get-consent.ts';
import { listContactRefusals } from './list-contact-refusals.ts';
import { contactEntry, customerParams, limitQuery } from './schemas.ts';
import { setConsent } from './set-consent.ts';

const readAccess: Access = { roles: ['admin', 'manager', 'agent'], scopes: ['read'] };
const writeAccess: Access = { roles: ['admin', 'manager', 'agent'], scopes: ['write'] };

const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time of day such as "21:30"');
const span = z.object({ from: clockTime, to: clockTime });
const cell = z.object({
  channel: z.enum(CONSENT_CHANNELS),
  purpose: z.enum(CONSENT_PURPOSES),
  state: z.enum(CONSENT_STATES),
});
const consentView = z.object({
  cells: z.array(
    cell.extend({
      source: z.string().nullable(),
      recordedBy: z.enum(['staff', 'customer', 'import', 'system']).nullable(),
      staffId: z.string().nullable(),
      note: z.string().nullable(),
      updatedAt: z.date().nullable(),
    }),
  ),
  hours: z.object({
    quietHours: span.nullable(),
    preferred: span.extend({ days: z.array(z.number()) }).nullable(),
    timeZone: z.string().nullable().describe('set here; used when the customer profile has none'),
    effectiveTimeZone: z.string().describe('the zone quiet hours are read in: profile, else this, else UTC'),
    updatedAt: z.date().nullable(),
  }),
});
const consentPut = z
  .object({
    cells: z
      .array(cell)
      .max(CONSENT_CHANNELS.length * CONSENT_PURPOSES.length)
      .optional(),
    quietHours: span
      .refine((s) => s.from !== s.to, 'from and to must differ')
      .nullable()
      .optional()
      .describe('no calls or text messages between from and to, local time; may run past midnight'),
    preferred: span
      .extend({ days: z.array(z.number().int().min(1).max(7)).max(7).default([]) })
      .refine((s) => s.from < s.to, 'from must be before to')
      .nullable()
      .optional()
      .describe('when the customer prefers to be called; days are ISO weekdays (1 = Monday), empty = any'),
    timeZone: timeZone.nullable().optional(),
    source: text(100).trim().min(1).default('staff').describe('how the choice reached us, e.g. "phone call"'),
    note: text(1000).optional(),
  })
  .strict();

async function consentOf(ctx: Ctx, customerId: string, profileZone: string | null) {
  const [cells, hours] = await Promise.all([
    getConsentMatrix(ctx.db, customerId),
    getContactHours(ctx.db, customerId),
  ]);
  return { cells, hours: { ...hours, effectiveTimeZone: profileZone ?? hours.timeZone ?? 'UTC' } };
}

/** A customer's consent matrix, contact hours and refused contacts, for staff and integrations. */
export function consentRoutes(ctx: Ctx): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['outreach'];
    app.get(
      '/api/v1/outreach/customers/:customerId/consent',
      {
        config: { access: readAccess },
        schema: {
          tags,
          summary: "A customer's consent per channel and purpose, quiet hours and preferred contact times",
          params: customerParams,
          response: { 200: consentView },
        },
      },
      async (req) => {
        const c = await getCustomer(ctx, req.params.customerId);
        await recordAudit(
          ctx.db,
          req,
          { action: 'outreach.consent.read', customerId: c.id },
          { isRead: true },
        );
        return consentOf(ctx, c.id, c.timeZone);
      },
    );

    app.put(
      '/api/v1/outreach/customers/:customerId/consent',
      {
        config: { access: writeAccess },
        schema: {
          tags,
          summary: 'Record consent choices and contact hours (e.g. "no phone calls", said on the phone)',
          description:
            'Cells not named stay as they are. Any rep may record a refusal for any customer; granting ' +
            '(or resetting to unknown) is for customers an agent may act on (docs/permissions.md).',
          params: customerParams,
          body: consentPut,
          response: { 200: consentView },
        },
      },
      async (req) => {
        const c = await getCustomer(ctx, req.params.customerId);
        const { cells = [], quietHours, preferred, timeZone: zone, source, note } = req.body;
        await authorizeConsentChange(
          ctx,
          req,
          c,
          cells.map((x) => x.state),
        );
        const staffId = staffIdOf(req) ?? null;
        await setConsent(
          ctx,
          {
            customerId: c.id,
            cells,
            hours: { quietHours, preferred, timeZone: zone },
            source,
            recordedBy: staffId ? 'staff' : 'import',
            staffId,
            note: note ?? null,
          },
          {
            audit: (trx, r) =>
              recordAudit(trx, req, {
                action: 'outreach.consent.set',
                customerId: c.id,
                details: {
                  changed: r.changed,
                  hours: r.hoursChanged ? { quietHours, preferred, timeZone: zone } : undefined,
                  source,
                },
              }),
          },
        );
        return consentOf(ctx, c.id, c.timeZone);
      },
    );

    app.get(
      '/api/v1/outreach/customers/:customerId/refusals',
      {
        config: { access: readAccess },
        schema: {
          tags,
          summary:
            'Contacts the one check refused for a customer, newest first, with the rule that stopped each',
          params: customerParams,
          querystring: limitQuery,
          response: {
            200: z.object({
              data: z.array(contactEntry.extend({ code: z.string(), rule: z.string(), reason: z.string() })),
            }),
          },
        },
      },
      async (req) => {
        await getCustomer(ctx, req.params.customerId);
        return { data: await listContactRefusals(ctx, req.params.customerId, req.query.limit) };
      },
    );
  };
}

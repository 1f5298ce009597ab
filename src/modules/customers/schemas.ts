import { z } from 'zod';
import { capIssues, instant, jsonObject, text, timeZone, zodIssues } from '../../kernel/validation.ts';
import { channels, directions, statuses } from './tables.ts';

export { timeZone };

export const slug = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_.-]{0,39}$/, 'must be 1-40 lower-case letters, digits, "_", "." or "-"');
export const kind = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,39}$/, 'must be 1-40 lower-case letters, digits or "-", starting with a letter');
export const currency = z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as "EUR"');
/** An ISO 8601 instant with an offset, 1900–2200, as a Date. */
export const isoDateTime = instant();

export const address = z
  .object({
    line1: text(200).optional(),
    line2: text(200).optional(),
    city: text(100).optional(),
    region: text(100).optional(),
    postalCode: text(20).optional(),
    country: text(2).optional(),
  })
  .strict();

/** Customer fields an integration or a person may set. */
export const customerFields = z
  .object({
    name: text(200).trim().min(1).nullable(),
    emails: z.array(z.string().email().max(320).toLowerCase()).max(20),
    phones: z.array(text(32).regex(/^\+?[0-9 ().-]{3,32}$/, 'must be a phone number')).max(20),
    address: address.nullable(),
    timeZone: timeZone.nullable(),
    locale: text(35)
      .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a BCP 47 tag such as "en-GB"')
      .nullable(),
    status: z.enum(statuses),
    lifecycleStage: text(40).nullable(),
    customFields: jsonObject({ maxKey: 100, maxKeys: 100 }),
    ownerId: z.string().uuid().nullable(),
  })
  .partial();
export type CustomerFields = z.infer<typeof customerFields>;

export const identityInput = z.object({
  source: slug.default('default'),
  externalId: text(200).min(1),
});

export const customerView = z.object({
  id: z.string().uuid(),
  name: z.string().nullable(),
  emails: z.array(z.string()),
  phones: z.array(z.string()),
  address: address.nullable(),
  timeZone: z.string().nullable(),
  locale: z.string().nullable(),
  status: z.enum(statuses),
  lifecycleStage: z.string().nullable(),
  customFields: z.record(z.string(), z.unknown()),
  ownerId: z.string().uuid().nullable(),
  firstSeenAt: z.date(),
  createdAt: z.date(),
  updatedAt: z.date(),
  identities: z.array(z.object({ source: z.string(), externalId: z.string() })),
});
export type CustomerView = z.infer<typeof customerView>;

/** The customer 360: the profile, aggregates from the rollups, open items, scores. */
export const customer360 = customerView.extend({
  aggregates: z.object({
    firstPurchaseAt: z.date().nullable(),
    lastPurchaseAt: z.date().nullable(),
    purchaseCount: z.number(),
    lifetimeSpend: z.array(z.object({ currency: z.string(), minor: z.number() })),
    tenureDays: z.number(),
    lastContactAt: z.date().nullable(),
    lastContactChannel: z.string().nullable(),
    daysSinceLastContact: z.number().nullable(),
    interactionCount: z.number(),
    openItems: z.number(),
  }),
  scores: z.record(z.string(), z.unknown()).nullable().optional().describe('insight scores, when computed'),
});

/** A row of the customer list: the profile plus what the list filters and sorts by. */
export const customerListRow = customerView.extend({
  scores: z
    .object({
      health: z.number().nullable().describe('0–100'),
      pAlive: z.number().nullable().describe('probability the customer still buys, 0–1'),
      clv: z.object({ minor: z.number(), currency: z.string() }).nullable(),
      churnProbability: z.number().nullable(),
    })
    .nullable()
    .describe('latest insight scores; null before the customer is scored'),
  lastContactAt: z.date().nullable().describe('latest conversation (call, email, chat, visit, ticket …)'),
});
export type CustomerListRow = z.infer<typeof customerListRow>;

const money = z.object({ minor: z.number().int().safe(), currency });

/** One touchpoint as a client sends it to the batch API. */
export const eventInput = z
  .object({
    customerId: z.string().uuid().optional(),
    externalId: text(200).min(1).optional(),
    idSource: slug.default('default'),
    traits: customerFields
      .pick({ name: true, emails: true, phones: true, timeZone: true, locale: true })
      .optional(),
    source: slug.default('api'),
    sourceId: text(200).min(1),
    channel: z.enum(channels),
    kind,
    direction: z.enum(directions).optional(),
    occurredAt: isoDateTime,
    staffId: z.string().uuid().optional(),
    amount: money.optional(),
    sentiment: z.number().min(-1).max(1).optional(),
    subject: text(1000).optional(),
    body: text(100_000).optional(),
    properties: jsonObject().optional(),
  })
  .refine((e) => (e.customerId ? !e.externalId : !!e.externalId), {
    message: 'give exactly one of customerId or externalId',
    path: ['customerId'],
  });
export type EventInput = z.infer<typeof eventInput>;

export const interactionView = z.object({
  id: z.number(),
  customerId: z.string().uuid(),
  occurredAt: z.date(),
  recordedAt: z.date(),
  channel: z.enum(channels),
  kind: z.string(),
  direction: z.enum(directions).nullable(),
  staffId: z.string().uuid().nullable(),
  amount: money.nullable(),
  sentiment: z.number().nullable(),
  subject: z.string().nullable(),
  body: z.string().nullable(),
  properties: z.record(z.string(), z.unknown()),
  source: z.string(),
  sourceId: z.string(),
});
export type InteractionView = z.infer<typeof interactionView>;

/** Formats zod issues as one readable line: "occurredAt: Invalid ISO datetime; kind: …". */
export function describeIssues(error: z.ZodError): string {
  return capIssues(zodIssues(error).map((i) => ({ ...i, path: i.path || 'event' }))).summary;
}

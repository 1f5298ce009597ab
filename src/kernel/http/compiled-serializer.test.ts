import { serializerCompiler } from 'fastify-type-provider-zod';
import { describe, expect, it } from 'vitest';
import { customer360 } from '../../modules/customers/schemas.ts';
import { compiledSerializer } from './compiled-serializer.ts';

// The compiled serialiser must write exactly what the zod serialiser writes for the same value.
const viaZod = (data: unknown) =>
  (serializerCompiler as (r: { schema: unknown; method: string; url: string }) => (d: unknown) => string)({
    schema: customer360,
    method: 'GET',
    url: '/x',
  })(data);

const base = {
  id: '018ca7c9-0f62-7d23-b556-bf7447cad528',
  name: 'Ada "Countess" Lovelace',
  emails: ['ada@example.com'],
  phones: [],
  address: { line1: '1 St James\u2028Square', city: 'London', country: 'GB' },
  timeZone: null,
  locale: 'en-GB',
  status: 'active',
  lifecycleStage: null,
  customFields: { tier: 'gold', nested: { a: [1, null, 'x'] } },
  ownerId: null,
  firstSeenAt: new Date('2024-01-02T03:04:05.678Z'),
  createdAt: new Date('2024-01-02T03:04:05.678Z'),
  updatedAt: new Date('2026-12-06T00:00:00.000Z'),
  identities: [{ source: 'shop', externalId: 'c-1' }],
  aggregates: {
    firstPurchaseAt: new Date('2024-02-01T00:00:00.000Z'),
    lastPurchaseAt: null,
    purchaseCount: 3,
    lifetimeSpend: [{ currency: 'EUR', minor: 12345 }],
    tenureDays: 1069,
    lastContactAt: null,
    lastContactChannel: 'phone',
    daysSinceLastContact: null,
    interactionCount: 17,
    openItems: 0,
  },
};

describe('compiled 360 serialiser', () => {
  it.each([
    [
      'with scores',
      { ...base, scores: { health: 71, pAlive: 0.42, why: [{ factor: 'recency', weight: -0.2 }] } },
    ],
    ['scores null', { ...base, scores: null }],
    ['no scores, no address', { ...base, address: null }],
    [
      'a property the schema does not name',
      { ...base, secret: 'x', aggregates: { ...base.aggregates, extra: 1 } },
    ],
  ])('writes what the zod serialiser writes: %s', (_name, value) => {
    const compiled = compiledSerializer(customer360)(value);
    expect(compiled).toBe(viaZod(value));
    expect(compiled).not.toContain('secret');
  });
});

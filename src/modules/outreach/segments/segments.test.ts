// Segments against real PostgreSQL: every field type and operator counted by the segment and by
// a SQL count written here, bad definitions refused with a message that names the problem, and
// the bounds. Saved segments: saved-segments.test.ts.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnyJson, TestApp } from '../../../../test/helpers.ts';
import { ago, all, sqlCount as countBySql, N, NOW, startSegmentFixture } from './segment-fixture.ts';

let t: TestApp;
let managerId: string;
let agentId: string;
let teamId: string;

beforeAll(async () => {
  ({ t, managerId, agentId, teamId } = await startSegmentFixture());
});
afterAll(() => t?.close());

const preview = async (definition: AnyJson, init: { cookie?: string } = {}) =>
  t.api('/api/v1/segments/preview', {
    method: 'POST',
    json: { definition },
    headers: init.cookie ? { cookie: init.cookie } : {},
  });
const countOf = async (definition: AnyJson): Promise<number> => {
  const res = await preview(definition);
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()).count;
};
const sqlCount = (where: ReturnType<typeof sql>) => countBySql(t, where);

const spend = sql`coalesce((select sum(case when kind = 'refund' then -amount_minor else amount_minor end)
  from interaction i where i.customer_id = c.id and kind in ('purchase','refund') and currency = 'EUR'), 0)`;
const lastPurchase = sql`(select max(occurred_at) from interaction i where i.customer_id = c.id and kind = 'purchase')`;
const orders = sql`(select count(*) from interaction i where i.customer_id = c.id and kind = 'purchase')`;

describe('every field type and operator matches a hand-written SQL count', () => {
  const cases: [string, () => AnyJson, () => ReturnType<typeof sql>][] = [
    [
      'text contains',
      () => ({ field: 'name', op: 'contains', value: 'ADA' }),
      () => sql`c.name ilike '%ada%'`,
    ],
    [
      'text notContains (includes nameless)',
      () => ({ field: 'name', op: 'notContains', value: 'ada' }),
      () => sql`coalesce(c.name ilike '%ada%', false) = false`,
    ],
    [
      'text startsWith',
      () => ({ field: 'name', op: 'startsWith', value: 'bo' }),
      () => sql`c.name ilike 'bo%'`,
    ],
    ['text is', () => ({ field: 'country', op: 'is', value: 'fr' }), () => sql`c.address->>'country' = 'FR'`],
    [
      'text isNot',
      () => ({ field: 'country', op: 'isNot', value: 'FR' }),
      () => sql`c.address->>'country' is distinct from 'FR'`,
    ],
    [
      'text in',
      () => ({ field: 'locale', op: 'in', value: ['fr-FR', 'de-de'] }),
      () => sql`c.locale in ('fr-FR', 'de-DE')`,
    ],
    [
      'text notIn',
      () => ({ field: 'locale', op: 'notIn', value: ['fr-FR'] }),
      () => sql`c.locale is distinct from 'fr-FR'`,
    ],
    ['text isSet', () => ({ field: 'locale', op: 'isSet' }), () => sql`c.locale is not null`],
    ['text isNotSet', () => ({ field: 'country', op: 'isNotSet' }), () => sql`c.address->>'country' is null`],
    [
      'list contains',
      () => ({ field: 'email', op: 'contains', value: '@shop.' }),
      () => sql`exists (select 1 from unnest(c.emails) e where e like '%@shop.%')`,
    ],
    ['list isNotSet', () => ({ field: 'email', op: 'isNotSet' }), () => sql`cardinality(c.emails) = 0`],
    ['enum is', () => ({ field: 'status', op: 'is', value: 'lapsed' }), () => sql`c.status = 'lapsed'`],
    [
      'enum notIn',
      () => ({ field: 'status', op: 'notIn', value: ['lapsed', 'churned'] }),
      () => sql`c.status = 'active'`,
    ],
    [
      'staff is',
      () => ({ field: 'owner', op: 'is', value: managerId }),
      () => sql`c.owner_id = ${managerId}::uuid`,
    ],
    [
      'staff isNot',
      () => ({ field: 'owner', op: 'isNot', value: managerId }),
      () => sql`c.owner_id is distinct from ${managerId}::uuid`,
    ],
    ['staff isNotSet', () => ({ field: 'owner', op: 'isNotSet' }), () => sql`c.owner_id is null`],
    ['team is', () => ({ field: 'team', op: 'is', value: teamId }), () => sql`c.owner_id = ${agentId}::uuid`],
    [
      'team isNot',
      () => ({ field: 'team', op: 'isNot', value: teamId }),
      () => sql`c.owner_id is distinct from ${agentId}::uuid`,
    ],
    [
      'custom is (text, any case)',
      () => ({ field: 'custom', key: 'plan', op: 'is', value: 'gold' }),
      () => sql`c.custom_fields->>'plan' = 'Gold'`,
    ],
    [
      'custom gte (number)',
      () => ({ field: 'custom', key: 'seats', op: 'gte', value: 10 }),
      () => sql`(c.custom_fields->>'seats')::int >= 10`,
    ],
    [
      'custom isNotSet',
      () => ({ field: 'custom', key: 'plan', op: 'isNotSet' }),
      () => sql`not (c.custom_fields ? 'plan')`,
    ],
    [
      'money gte (major units)',
      () => ({ field: 'totalSpend', op: 'gte', value: 150.5, currency: 'EUR' }),
      () => sql`${spend} >= 15050`,
    ],
    [
      'money between',
      () => ({ field: 'totalSpend', op: 'between', value: [50, 200], currency: 'EUR' }),
      () => sql`${spend} between 5000 and 20000`,
    ],
    ['number is', () => ({ field: 'ordersCount', op: 'is', value: 0 }), () => sql`${orders} = 0`],
    ['number gt', () => ({ field: 'ordersCount', op: 'gt', value: 1 }), () => sql`${orders} > 1`],
    [
      'number lte',
      () => ({ field: 'tenureDays', op: 'lte', value: 365 }),
      () => sql`c.first_seen_at >= ${ago(365)}`,
    ],
    [
      'date withinLastDays',
      () => ({ field: 'lastPurchaseAt', op: 'withinLastDays', value: 60 }),
      () => sql`${lastPurchase} >= ${ago(60)}`,
    ],
    [
      'date notWithinLastDays (includes never)',
      () => ({ field: 'lastPurchaseAt', op: 'notWithinLastDays', value: 60 }),
      () => sql`coalesce(${lastPurchase} >= ${ago(60)}, false) = false`,
    ],
    [
      'date before',
      () => ({ field: 'firstSeenAt', op: 'before', value: ago(400).toISOString() }),
      () => sql`c.first_seen_at < ${ago(400)}`,
    ],
    [
      'date after',
      () => ({ field: 'firstPurchaseAt', op: 'after', value: '2026-03-01' }),
      () =>
        sql`(select min(occurred_at) from interaction i where i.customer_id = c.id and kind = 'purchase') >= '2026-03-01'`,
    ],
    [
      'date between',
      () => ({
        field: 'lastTouchpointAt',
        op: 'between',
        value: [ago(90).toISOString(), ago(10).toISOString()],
      }),
      () =>
        sql`(select max(occurred_at) from interaction i where i.customer_id = c.id) >= ${ago(90)} and (select max(occurred_at) from interaction i where i.customer_id = c.id) < ${ago(10)}`,
    ],
    [
      'date isNotSet',
      () => ({ field: 'lastPurchaseAt', op: 'isNotSet' }),
      () => sql`${lastPurchase} is null`,
    ],
    ['score lt', () => ({ field: 'pAlive', op: 'lt', value: 0.5 }), () => sql`s.p_alive < 0.5`],
    ['score gte', () => ({ field: 'health', op: 'gte', value: 70 }), () => sql`s.health >= 70`],
    ['score isNotSet (unscored)', () => ({ field: 'health', op: 'isNotSet' }), () => sql`s.health is null`],
    [
      'score churnRisk gt',
      () => ({ field: 'churnRisk', op: 'gt', value: 0.6 }),
      () => sql`s.churn_probability > 0.6::real`,
    ],
    [
      'score clv gt',
      () => ({ field: 'clv', op: 'gt', value: 400, currency: 'EUR' }),
      () => sql`s.clv_minor > 40000`,
    ],
    [
      'score topPercent',
      () => ({ field: 'clv', op: 'topPercent', value: 10, currency: 'EUR' }),
      () =>
        sql`s.clv_minor >= (select clv_minor from insight_score order by clv_minor desc offset (select ceil(count(*) * 0.1)::int - 1 from insight_score) limit 1)`,
    ],
    [
      'score bottomPercent',
      () => ({ field: 'pAlive', op: 'bottomPercent', value: 25 }),
      () =>
        sql`s.p_alive <= (select p_alive from insight_score order by p_alive offset (select ceil(count(*) * 0.25)::int - 1 from insight_score) limit 1)`,
    ],
  ];
  for (const [name, cond, where] of cases) {
    it(name, async () => {
      const expected = (await sqlCount(where())) as number;
      expect(expected, 'the case should select some customers, not none or all').toBeGreaterThan(0);
      expect(expected).toBeLessThan(N);
      expect(await countOf(all(cond()))).toBe(expected);
    });
  }

  it('all/any groups nest, and empty groups match everyone (all) or no one (any)', async () => {
    const def = all(
      { field: 'status', op: 'is', value: 'active' },
      {
        match: 'any',
        conditions: [
          { field: 'pAlive', op: 'lt', value: 0.5 },
          all({ field: 'ordersCount', op: 'gte', value: 2 }, { field: 'country', op: 'is', value: 'GB' }),
        ],
      },
    );
    const expected = await sqlCount(
      sql`c.status = 'active' and (s.p_alive < 0.5 or (${orders} >= 2 and c.address->>'country' = 'GB'))`,
    );
    expect(await countOf(def)).toBe(expected);
    expect(await countOf(all())).toBe(N);
    expect(await countOf({ match: 'any', conditions: [] })).toBe(0);
  });

  it('the sample shows up to 20 customers with the value of each field the segment names', async () => {
    const res = await preview(
      all({ field: 'lastPurchaseAt', op: 'isSet' }, { field: 'clv', op: 'gte', value: 0, currency: 'EUR' }),
    );
    const body = await res.json();
    expect(body.fields).toEqual(['lastPurchaseAt', 'clv (EUR)']);
    expect(body.sample.length).toBe(Math.min(20, body.count));
    const first = body.sample[0];
    const minor = await sql<{
      clv_minor: string;
    }>`select clv_minor from insight_score where customer_id = ${first.id}::uuid`.execute(t.ctx.db);
    expect(Number(first.fields['clv (EUR)'])).toBe(Number(minor.rows[0]?.clv_minor));
    expect(first.fields.lastPurchaseAt).not.toBeNull();
  });
});

describe('bad definitions get a 4xx that says what is wrong', () => {
  const refused = async (definition: AnyJson, message: RegExp) => {
    const res = await preview(definition);
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error.message).toMatch(message);
    return body.error;
  };
  it('names the unknown field and suggests the closest', async () => {
    const e = await refused(
      all({ field: 'pAlvie', op: 'lt', value: 0.5 }),
      /unknown field "pAlvie".*Did you mean "pAlive"/,
    );
    expect(e.details.path).toBe('definition.conditions[0]');
  });
  it('names an operator the type does not have, with the allowed ones', async () => {
    const e = await refused(
      all({ field: 'status', op: 'contain', value: 'a' }),
      /status \(enum\) has no operator "contain"/,
    );
    expect(e.details.allowed).toEqual(['is', 'isNot', 'in', 'notIn']);
    await refused(
      all({ field: 'lastPurchaseAt', op: 'withinLastDay', value: 3 }),
      /Did you mean "withinLastDays"/,
    );
  });
  it('refuses values of the wrong type or out of range', async () => {
    await refused(all({ field: 'pAlive', op: 'lt', value: 'high' }), /pAlive lt needs a number/);
    await refused(all({ field: 'pAlive', op: 'lt', value: 3 }), /pAlive is never above 1/);
    await refused(
      all({ field: 'status', op: 'is', value: 'lapsd' }),
      /one of active, lapsed, churned.*Did you mean "lapsed"/,
    );
    await refused(all({ field: 'lastPurchaseAt', op: 'after', value: 'yesterday' }), /needs a date/);
    await refused(all({ field: 'totalSpend', op: 'gt', value: 10 }), /say its currency/);
    await refused(
      all({ field: 'totalSpend', op: 'gt', value: 10, currency: 'XYZ' }),
      /"XYZ" is not a currency/,
    );
    await refused(all({ field: 'ordersCount', op: 'gt', value: 1.5 }), /whole numbers/);
    await refused(all({ field: 'locale', op: 'isSet', value: 'x' }), /isSet takes no value/);
    await refused(all({ field: 'locale', op: 'in', value: [] }), /needs a list of 1 to 100 values/);
    await refused(all({ field: 'custom', op: 'is', value: 'x' }), /custom field key/);
    await refused(
      all({ field: 'team', op: 'is', value: '00000000-0000-0000-0000-000000000000' }),
      /team .* does not exist/,
    );
  });
  it('bounds depth and size', async () => {
    await refused(
      all(all(all(all({ field: 'locale', op: 'isSet' })))),
      /conditions\[0\]: groups nest at most 3 levels deep/,
    );
    await refused(
      all(all(all(all(all({ field: 'locale', op: 'isSet' }))))),
      /groups nest at most 3 levels deep/,
    );
    await refused(all({ fild: 'locale', op: 'isSet' }), /a condition is \{"field", "op", "value"\?\}/);
    await refused(all({ field: 'locale', op: 'is', value: { nested: true } }), /a condition is/);
    const many = all(
      ...Array.from({ length: 26 }, () =>
        all({ field: 'locale', op: 'isSet' }, { field: 'name', op: 'isSet' }),
      ),
    );
    await refused(many, /at most 50 conditions; this one has 52/);
    const wide = await preview(all(...Array.from({ length: 51 }, () => ({ field: 'locale', op: 'isSet' }))));
    expect(wide.status).toBe(400);
    // 50 conditions in three levels are fine.
    expect(
      await countOf(
        all(
          ...Array.from({ length: 25 }, () =>
            all({ field: 'locale', op: 'isSet' }, { field: 'name', op: 'isSet' }),
          ),
        ),
      ),
    ).toBe(await sqlCount(sql`c.locale is not null and c.name is not null`));
  });
  it('treats values as data, never as SQL', async () => {
    expect(await countOf(all({ field: 'name', op: 'contains', value: "' or 1=1 --" }))).toBe(0);
    expect(await countOf(all({ field: 'name', op: 'contains', value: '%' }))).toBe(0);
  });
});

// Segments against real PostgreSQL: every field type and operator counted by the segment and by
// a SQL count written here, bad definitions refused with a message that names the problem, the
// bounds, saved segments (access, audit, paging) and the customer list narrowed to a segment.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AnyJson,
  createStaffUser,
  logInCookie,
  startTestApp,
  type TestApp,
} from '../../../../test/helpers.ts';
import { setTestScores } from '../../insight/testing/set-scores.ts';

const NOW = new Date('2026-06-15T12:00:00Z');
const DAY = 86_400_000;
const ago = (days: number) => new Date(NOW.getTime() - days * DAY);
const N = 48;

let t: TestApp;
let managerId: string;
let agentId: string;
let teamId: string;
let managerCookie: string;
let agentCookie: string;

/** A small deterministic generator, so a failing case can be replayed. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

beforeAll(async () => {
  t = await startTestApp({ clock: { now: () => NOW } });
  const manager = await createStaffUser(t.ctx, 'manager');
  const agent = await createStaffUser(t.ctx, 'agent');
  managerId = manager.staff.id;
  agentId = agent.staff.id;
  managerCookie = await logInCookie(t, manager.staff.email, manager.password);
  agentCookie = await logInCookie(t, agent.staff.email, agent.password);
  const team = await t.api('/api/v1/teams', { method: 'POST', json: { name: 'North', timeZone: 'UTC' } });
  expect(team.status, await team.clone().text()).toBe(201);
  teamId = (await team.json()).id;
  const join = await t.api(`/api/v1/teams/${teamId}/members`, {
    method: 'PUT',
    json: { members: [{ staffId: agentId }] },
  });
  expect(join.status, await join.clone().text()).toBeLessThan(300);

  const r = rng(42);
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)] as T;
  const ids: string[] = [];
  const events: AnyJson[] = [];
  const scores: AnyJson[] = [];
  for (let i = 0; i < N; i++) {
    const res = await t.api('/api/v1/customers', {
      method: 'POST',
      json: {
        name:
          i % 9 === 0
            ? null
            : `${pick(['Ada', 'Bob', 'Cleo', 'Dan'])} ${pick(['Stone', 'Rivers', 'Ng'])} ${i}`,
        emails: i % 7 === 0 ? [] : [`c${i}@${pick(['shop.example', 'mail.example'])}`],
        address: i % 5 === 0 ? null : { country: pick(['FR', 'DE', 'GB']) },
        locale: i % 4 === 0 ? null : pick(['fr-FR', 'en-GB', 'de-DE']),
        status: pick(['active', 'active', 'lapsed', 'churned']),
        ownerId: pick([null, managerId, agentId]),
        customFields: i % 3 === 0 ? {} : { plan: pick(['Gold', 'silver']), seats: Math.floor(r() * 20) },
      },
    });
    expect(res.status, await res.clone().text()).toBe(201);
    const id: string = (await res.json()).id;
    ids.push(id);
    const purchases = Math.floor(r() * 4);
    for (let p = 0; p < purchases; p++) {
      events.push({
        customerId: id,
        sourceId: `p-${i}-${p}`,
        channel: 'web',
        kind: 'purchase',
        occurredAt: ago(Math.floor(r() * 200)).toISOString(),
        amount: { minor: 500 + Math.floor(r() * 20_000), currency: r() < 0.85 ? 'EUR' : 'USD' },
      });
    }
    if (purchases && r() < 0.2)
      events.push({
        customerId: id,
        sourceId: `r-${i}`,
        channel: 'web',
        kind: 'refund',
        occurredAt: ago(1).toISOString(),
        amount: { minor: 300, currency: 'EUR' },
      });
    if (r() < 0.3)
      events.push({
        customerId: id,
        sourceId: `c-${i}`,
        channel: 'phone',
        kind: 'call',
        occurredAt: ago(Math.floor(r() * 100)).toISOString(),
      });
    if (i % 6 !== 5)
      scores.push({
        customerId: id,
        health: i % 10 === 0 ? null : Math.floor(r() * 101),
        pAlive: Math.round(r() * 100) / 100,
        clvMinor: Math.floor(r() * 100_000),
        churnProbability: Math.round(r() * 100) / 100,
      });
  }
  const ingest = await t.api('/api/v1/events', { method: 'POST', json: { events } });
  expect((await ingest.json()).accepted).toBe(events.length);
  await setTestScores(t.ctx, scores);
  // First seen between 0 and 3 years ago (the column defaults to the database's now()).
  for (const [i, id] of ids.entries())
    await sql`update customer set first_seen_at = ${ago(i * 23)} where id = ${id}::uuid`.execute(t.ctx.db);
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
/** The same count written by hand, over customers and insight's scores. */
const sqlCount = async (where: ReturnType<typeof sql>) =>
  (
    await sql<{ n: number }>`select count(*)::int as n from customer c
      left join insight_score s on s.customer_id = c.id where c.erased_at is null and ${where}`.execute(
      t.ctx.db,
    )
  ).rows[0]?.n;

const spend = sql`coalesce((select sum(case when kind = 'refund' then -amount_minor else amount_minor end)
  from interaction i where i.customer_id = c.id and kind in ('purchase','refund') and currency = 'EUR'), 0)`;
const lastPurchase = sql`(select max(occurred_at) from interaction i where i.customer_id = c.id and kind = 'purchase')`;
const orders = sql`(select count(*) from interaction i where i.customer_id = c.id and kind = 'purchase')`;
const all = (...conditions: AnyJson[]) => ({ match: 'all', conditions });

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

describe('saved segments', () => {
  const def = all({ field: 'status', op: 'is', value: 'active' }, { field: 'pAlive', op: 'lt', value: 0.5 });
  let id: string;

  it('managers save, agents read but may not write, and every change is audited', async () => {
    const byAgent = await t.api('/api/v1/segments', {
      method: 'POST',
      json: { name: 'At risk', definition: def },
      headers: { cookie: agentCookie },
    });
    expect(byAgent.status).toBe(403);
    const res = await t.api('/api/v1/segments', {
      method: 'POST',
      json: { name: 'At risk', description: 'active, unlikely to buy', definition: def },
      headers: { cookie: managerCookie },
    });
    expect(res.status, await res.clone().text()).toBe(201);
    const saved = await res.json();
    id = saved.id;
    expect(saved.createdBy).toBe(managerId);
    const dup = await t.api('/api/v1/segments', {
      method: 'POST',
      json: { name: 'At risk', definition: def },
    });
    expect(dup.status).toBe(409);
    const broken = await t.api('/api/v1/segments', {
      method: 'POST',
      json: { name: 'Broken', definition: all({ field: 'nope', op: 'is', value: 1 }) },
    });
    expect(broken.status).toBe(400);
    const read = await t.api(`/api/v1/segments/${id}`, { headers: { cookie: agentCookie } });
    expect((await read.json()).definition).toEqual(def);
    const audit = await sql<{
      action: string;
    }>`select action from audit_log where target = ${id} and action not like '%.read' order by id`.execute(
      t.ctx.db,
    );
    expect(audit.rows.map((r) => r.action)).toEqual(['segment.create']);
  });

  it('counts and pages its customers with a cursor, the same set as the SQL', async () => {
    const expected = await sqlCount(sql`c.status = 'active' and s.p_alive < 0.5`);
    const count = await (await t.api(`/api/v1/segments/${id}/count`)).json();
    expect(count.count).toBe(expected);
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const page: AnyJson = await (
        await t.api(`/api/v1/segments/${id}/customers?limit=3${after ? `&after=${after}` : ''}`)
      ).json();
      seen.push(...page.data.map((m: AnyJson) => m.id));
      after = page.nextCursor;
    } while (after);
    expect(new Set(seen).size).toBe(expected);
  });

  it('narrows the customer list and its count (segmentId)', async () => {
    const inSegment = sql`c.status = 'active' and s.p_alive < 0.5`;
    const count = await (await t.api(`/api/v1/customers/count?segmentId=${id}`)).json();
    expect(count.count).toBe(await sqlCount(inSegment));
    const list = await (await t.api(`/api/v1/customers?segmentId=${id}&limit=200`)).json();
    expect(list.data.length).toBe(count.count);
    // Combined with the list's own filters.
    const mine = await (
      await t.api(`/api/v1/customers?segmentId=${id}&ownerId=${managerId}&limit=200`)
    ).json();
    expect(mine.data.length).toBe(await sqlCount(sql`${inSegment} and c.owner_id = ${managerId}::uuid`));
    const missing = await t.api('/api/v1/customers?segmentId=00000000-0000-0000-0000-000000000000');
    expect(missing.status).toBe(404);
  });

  it('updates and deletes, audited', async () => {
    const upd = await t.api(`/api/v1/segments/${id}`, {
      method: 'PUT',
      json: { name: 'At risk (any status)', definition: all({ field: 'pAlive', op: 'lt', value: 0.5 }) },
      headers: { cookie: managerCookie },
    });
    expect(upd.status).toBe(200);
    expect((await (await t.api(`/api/v1/segments/${id}/count`)).json()).count).toBe(
      await sqlCount(sql`s.p_alive < 0.5`),
    );
    expect((await t.api(`/api/v1/segments/${id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await t.api(`/api/v1/segments/${id}`)).status).toBe(404);
    const audit = await sql<{
      action: string;
    }>`select action from audit_log where target = ${id} and action not like '%.read' order by id`.execute(
      t.ctx.db,
    );
    expect(audit.rows.map((r) => r.action)).toEqual(['segment.create', 'segment.update', 'segment.delete']);
  });
});

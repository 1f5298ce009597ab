import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/helpers.ts';
import { eraseCustomer } from '../privacy/index.ts';
import { CONTACT_KINDS } from './get-customer-360.ts';
import { summarizePurchaseMonths } from './summarize-purchase-months.ts';
import { type PurchaseSummary, summarizePurchases } from './summarize-purchases.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.close());

type Row = {
  customer_id: string;
  id: string;
  occurred_at: Date;
  kind: string;
  channel: string;
  direction: string | null;
  amount_minor: string | null;
  currency: string | null;
  time_zone: string | null;
};

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
const localDay = (at: Date, tz: string | null) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: tz ?? 'UTC' }).format(at);

/** The rollups recomputed in JavaScript from every stored touchpoint: the reference. */
async function fromScratch() {
  const rows = await sql<Row>`
    select i.customer_id, i.id::text, i.occurred_at, i.kind, i.channel, i.direction,
      i.amount_minor::text, i.currency, c.time_zone
    from interaction i join customer c on c.id = i.customer_id`.execute(t.ctx.db);
  const rollup = new Map<string, Record<string, unknown>>();
  const spend = new Map<string, { amount: number; purchases: number }>();
  const days = new Map<string, { purchases: number; amount: number | null }>();
  const by = new Map<string, Row[]>();
  for (const r of rows.rows) by.set(r.customer_id, [...(by.get(r.customer_id) ?? []), r]);
  for (const [customerId, list] of by) {
    const time = (r: Row) => r.occurred_at.getTime();
    const ts = (f: (r: Row) => boolean, pick: 'min' | 'max') => {
      const xs = list.filter(f).map(time);
      return xs.length ? new Date(pick === 'min' ? Math.min(...xs) : Math.max(...xs)) : null;
    };
    const purchase = (r: Row) => r.kind === 'purchase';
    const contact = list
      .filter((r) => CONTACT_KINDS.includes(r.kind))
      .sort((a, b) => time(b) - time(a) || Number(b.id) - Number(a.id))[0];
    rollup.set(customerId, {
      interactions: list.length,
      purchases: list.filter(purchase).length,
      first_interaction_at: iso(ts(() => true, 'min')),
      last_interaction_at: iso(ts(() => true, 'max')),
      first_purchase_at: iso(ts(purchase, 'min')),
      last_purchase_at: iso(ts(purchase, 'max')),
      last_contact_at: iso(contact?.occurred_at),
      last_contact_channel: contact?.channel ?? null,
      last_inbound_at: iso(ts((r) => r.direction === 'inbound', 'max')),
      last_outbound_at: iso(ts((r) => r.direction === 'outbound', 'max')),
    });
    for (const r of list) {
      if ((r.kind === 'purchase' || r.kind === 'refund') && r.currency) {
        const key = `${customerId}|${r.currency}`;
        const s = spend.get(key) ?? { amount: 0, purchases: 0 };
        s.amount += (r.kind === 'refund' ? -1 : 1) * Number(r.amount_minor);
        s.purchases += r.kind === 'purchase' ? 1 : 0;
        spend.set(key, s);
      }
      if (r.kind === 'purchase') {
        const key = `${customerId}|${localDay(r.occurred_at, r.time_zone)}|${r.currency ?? ''}`;
        const d = days.get(key) ?? { purchases: 0, amount: null };
        d.purchases += 1;
        if (r.amount_minor !== null) d.amount = (d.amount ?? 0) + Number(r.amount_minor);
        days.set(key, d);
      }
    }
  }
  return { rollup, spend, days };
}

async function stored() {
  const r = await sql<Record<string, unknown> & { customer_id: string }>`
    select customer_id, interactions, purchases, first_interaction_at, last_interaction_at,
      first_purchase_at, last_purchase_at, last_contact_at, last_contact_channel, last_inbound_at,
      last_outbound_at from customer_rollup`.execute(t.ctx.db);
  const rollup = new Map(
    r.rows.map(({ customer_id, ...x }) => [
      customer_id,
      Object.fromEntries(Object.entries(x).map(([k, v]) => [k, v instanceof Date ? iso(v) : v])),
    ]),
  );
  const s = await sql<{ customer_id: string; currency: string; amount_minor: string; purchases: number }>`
    select * from customer_spend`.execute(t.ctx.db);
  const spend = new Map(
    s.rows.map((x) => [
      `${x.customer_id}|${x.currency}`,
      { amount: Number(x.amount_minor), purchases: x.purchases },
    ]),
  );
  const d = await sql<{
    customer_id: string;
    day: string;
    currency: string;
    purchases: number;
    amount_minor: string | null;
  }>`select customer_id, day::text, currency, purchases, amount_minor from customer_purchase_day`.execute(
    t.ctx.db,
  );
  const days = new Map(
    d.rows.map((x) => [
      `${x.customer_id}|${x.day}|${x.currency}`,
      { purchases: x.purchases, amount: x.amount_minor === null ? null : Number(x.amount_minor) },
    ]),
  );
  return { rollup, spend, days };
}

const post = async (events: Record<string, unknown>[]) => {
  const res = await t.api('/api/v1/events', { method: 'POST', json: { events } });
  expect(res.status).toBe(200);
  return res.json();
};

const ev = (n: number, over: Record<string, unknown>) => ({
  externalId: `c${n % 5}`,
  source: 'shop',
  sourceId: `e${n}`,
  channel: 'web',
  kind: 'visit',
  occurredAt: new Date(Date.UTC(2026, 0, 1) + ((n * 7_919) % 400) * 3_600_000).toISOString(),
  ...over,
});

// A mixed stream: purchases in two currencies and without an amount, refunds, conversations in
// both directions (several at one instant, so only the id orders them), across local midnights.
function mixed(from: number, to: number) {
  const out: Record<string, unknown>[] = [];
  for (let n = from; n < to; n++) {
    const k = n % 9;
    if (k < 3)
      out.push(ev(n, { kind: 'purchase', amount: { minor: 100 + n, currency: n % 2 ? 'EUR' : 'USD' } }));
    else if (k === 3) out.push(ev(n, { kind: 'purchase' }));
    else if (k === 4) out.push(ev(n, { kind: 'refund', amount: { minor: 50, currency: 'EUR' } }));
    else if (k === 5)
      out.push(
        ev(n, { kind: 'call', channel: 'phone', direction: 'inbound', occurredAt: '2026-03-01T12:00:00Z' }),
      );
    else if (k === 6)
      out.push(
        ev(n, { kind: 'email', channel: 'email', direction: 'outbound', occurredAt: '2026-03-01T12:00:00Z' }),
      );
    else out.push(ev(n, {}));
  }
  return out;
}

describe('customer rollups', () => {
  it('match a from-scratch aggregate after retries, late events, concurrency, time-zone changes and erasure', async () => {
    await post(mixed(0, 60));
    // A retried batch (all duplicates) and a partly new one: only inserted rows count.
    const retry = await post(mixed(0, 60));
    expect(retry.duplicates).toBe(60);
    await post([...mixed(50, 90), ...mixed(50, 55)]);
    // Two concurrent batches over the same customers.
    await Promise.all([post(mixed(90, 140)), post(mixed(140, 190))]);
    // Late arrivals older and newer than everything seen.
    await post([
      ev(1000, {
        externalId: 'c1',
        kind: 'purchase',
        occurredAt: '2020-05-05T23:30:00Z',
        amount: { minor: 7, currency: 'USD' },
      }),
      ev(1001, {
        externalId: 'c1',
        kind: 'chat',
        channel: 'chat',
        direction: 'inbound',
        occurredAt: '2030-01-01T00:00:00Z',
      }),
      ev(1002, { externalId: 'c2', kind: 'chat', channel: 'chat', occurredAt: '2019-01-01T00:00:00Z' }),
    ]);
    expect(await stored()).toEqual(await fromScratch());

    // A time-zone change moves purchases to other local days (and lands on the timeline itself).
    const { id } = await t.ctx.db
      .selectFrom('customer_identity')
      .select('customer_id as id')
      .where('external_id', '=', 'c3')
      .executeTakeFirstOrThrow();
    const patched = await t.api(`/api/v1/customers/${id}`, {
      method: 'PATCH',
      json: { timeZone: 'Pacific/Auckland' },
    });
    expect(patched.status).toBe(200);
    expect(await stored()).toEqual(await fromScratch());

    // A writer that inserts into the timeline directly, not through recordInteractions.
    await sql`insert into interaction (customer_id, occurred_at, channel, kind, amount_minor, currency, source, source_id)
      values (${id}, '2026-02-02T02:02:02Z', 'web', 'purchase', 999, 'EUR', 'raw', 'r1'),
             (${id}, '2026-02-02T02:02:02Z', 'web', 'purchase', 1, 'EUR', 'raw', 'r2')
      on conflict do nothing`.execute(t.ctx.db);
    await eraseCustomer(t.ctx, id, { reason: 'asked to be forgotten', by: { kind: 'system', id: null } });
    const after = await stored();
    expect(after).toEqual(await fromScratch());
    expect(after.rollup.get(id)?.interactions).toBeGreaterThan(0);
  });

  it('give the purchase models the same summary as the timeline, amounts converted per purchase', async () => {
    // Rounding per purchase and rounding a day's sum differ at this rate (1.1) for these amounts.
    const rates = { EUR: 1.1 };
    const got: PurchaseSummary[] = [];
    await summarizePurchases(
      t.ctx,
      { through: '2026-01-12', splitAt: '2026-01-08', currency: 'USD', rates },
      (rows) => void got.push(...rows),
    );
    const rows = await sql<Row>`
      select i.customer_id, i.occurred_at, i.amount_minor::text, i.currency, c.time_zone
      from interaction i join customer c on c.id = i.customer_id where i.kind = 'purchase'`.execute(t.ctx.db);
    const DAY = 86_400_000;
    const expected = new Map<string, Map<number, number | null>>();
    for (const r of rows.rows) {
      const day = Date.parse(`${localDay(r.occurred_at, r.time_zone)}T00:00:00Z`) / DAY;
      if (day > Date.parse('2026-01-12T00:00:00Z') / DAY) continue;
      const days = expected.get(r.customer_id) ?? new Map<number, number | null>();
      const tenths = r.currency === 'USD' ? 10 : r.currency === 'EUR' ? 11 : undefined;
      // In integer tenths, so JavaScript rounds the same halves PostgreSQL's numeric does.
      const amount = tenths === undefined ? null : Math.round((Number(r.amount_minor) * tenths) / 10);
      const before = days.get(day);
      days.set(day, amount === null ? (before ?? null) : (before ?? 0) + amount);
      expected.set(r.customer_id, days);
    }
    const split = Date.parse('2026-01-08T00:00:00Z') / DAY;
    const summary = (days: Map<number, number | null>) => {
      const sorted = [...days.entries()].sort((a, b) => a[0] - b[0]);
      const amounts = sorted.map(([, a]) => a ?? 0);
      return {
        lastDay: Math.max(...days.keys()),
        days: days.size,
        totalSpendMinor: amounts.reduce((a, b) => a + b, 0),
        repeatSpendMinor: amounts.slice(1).reduce((a, b) => a + b, 0),
        holdoutDays: sorted.filter(([d]) => d > split).length,
      };
    };
    const actual = Object.fromEntries(
      got.map((g) => [
        g.customerId,
        {
          lastDay: g.through.lastDay,
          days: g.through.days,
          totalSpendMinor: g.through.totalSpendMinor,
          repeatSpendMinor: g.through.repeatSpendMinor,
          holdoutDays: g.split?.holdoutDays ?? 0,
        },
      ]),
    );
    expect(actual).toEqual(Object.fromEntries([...expected].map(([id, days]) => [id, summary(days)])));
    // The case the exact per-purchase fallback is for: several converted purchases on one day.
    const { n } = await sql<{ n: number }>`select count(*)::int as n from customer_purchase_day
      where currency = 'EUR' and purchases > 1`
      .execute(t.ctx.db)
      .then((r) => r.rows[0] ?? { n: 0 });
    expect(n).toBeGreaterThan(0);
  });

  it('give the cohort months the same cells as the timeline, at every cutoff around a day boundary', async () => {
    // Customers at the extreme offsets (+14, −12), buying just either side of UTC midnights, in a
    // converted currency several times a day: the cases the rollup's exactness argument is about.
    const zones = ['Pacific/Kiritimati', 'Etc/GMT+12', null];
    for (const [k, zone] of zones.entries()) {
      const id = crypto.randomUUID();
      await sql`insert into customer (id, first_seen_at, time_zone) values (${id}, '2025-12-01T00:00:00Z', ${zone})`.execute(
        t.ctx.db,
      );
      await sql`insert into interaction (customer_id, occurred_at, channel, kind, amount_minor, currency, source, source_id)
        select ${id}, at, 'web', 'purchase', amount, currency, 'edge', ${`z${k}-`} || n
        from (values (1, timestamptz '2026-01-31T23:59:59Z', 333, 'EUR'), (2, '2026-02-01T00:00:00Z', 7, 'EUR'),
          (3, '2026-02-01T10:30:00Z', 5, 'EUR'), (4, '2026-02-01T13:00:00Z', 1001, 'USD'),
          (5, '2026-02-02T11:59:00Z', 3, 'EUR'), (6, '2026-02-28T23:00:00Z', 9, 'GBP'),
          (7, '2026-03-01T01:00:00Z', 2, 'JPY')) as v(n, at, amount, currency)`.execute(t.ctx.db);
    }
    const rates = { EUR: 1.1 };
    // The cohort months as they were computed from the timeline: the reference.
    const fromTimeline = async (through: string) => {
      const end = new Date(Date.parse(`${through}T00:00:00Z`) + 86_400_000);
      const res = await sql<{ cohort: string; month: string; customers: number; revenue: string }>`
        with m as (
          select i.customer_id, date_trunc('month', i.occurred_at at time zone coalesce(c.time_zone, 'UTC'))::date as month,
                 sum(round(i.amount_minor * fx.rate)::bigint) as revenue
          from interaction i join customer c on c.id = i.customer_id
          left join (values ('EUR', 1.1), ('USD', 1)) as fx(currency, rate) on fx.currency = i.currency
          where i.kind = 'purchase' and i.occurred_at < ${end}
          group by 1, 2
        ), f as (select customer_id, min(month) as cohort from m group by 1)
        select to_char(f.cohort, 'YYYY-MM') as cohort, to_char(m.month, 'YYYY-MM') as month,
               count(*)::int as customers, coalesce(sum(m.revenue), 0)::text as revenue
        from m join f using (customer_id) group by f.cohort, m.month order by 1, 2`.execute(t.ctx.db);
      return res.rows.map((r) => ({ ...r, revenueMinor: Number(r.revenue), revenue: undefined }));
    };
    const cutoffs = ['2026-01-10', '2026-01-30', '2026-01-31', '2026-02-01', '2026-02-02', '2026-02-03'];
    cutoffs.push('2026-02-27', '2026-02-28', '2026-03-01', '2026-03-02', '2030-01-01');
    for (const through of cutoffs) {
      const got = await summarizePurchaseMonths(t.ctx, { through, currency: 'USD', rates });
      const want = (await fromTimeline(through)).map(({ revenue: _, ...r }) => r);
      expect(got, through).toEqual(want);
    }
    expect((await fromTimeline('2026-02-02')).length).toBeGreaterThan(1);
  });
});

import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/helpers.ts';
import { eraseCustomer } from '../privacy/index.ts';
import {
  type EngagementSummary,
  type EngagementWindow,
  summarizeEngagement,
} from './summarize-engagement.ts';
import { summarizePurchaseCurrencies } from './summarize-purchase-currencies.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.close());

const DAY = 86_400_000;
type Row = {
  customer_id: string;
  occurred_at: Date;
  kind: string;
  channel: string;
  amount_minor: string | null;
  currency: string | null;
  sentiment: number | null;
  churned: boolean;
};

/** The engagement window computed in JavaScript from every stored touchpoint: the reference. */
function windowOf(list: Row[], day: number, w: number, currency: string): EngagementWindow {
  const end = (day + 1) * DAY;
  const start = end - w * DAY;
  const prior = start - w * DAY;
  const at = (r: Row) => r.occurred_at.getTime();
  const inWin = (r: Row) => at(r) >= start && at(r) < end;
  const inPrior = (r: Row) => at(r) >= prior && at(r) < start;
  const touch = (r: Row) => r.channel !== 'system';
  const purchase = (r: Row) => r.kind === 'purchase';
  const lastDay = (f: (r: Row) => boolean) => {
    const xs = list.filter((r) => f(r) && at(r) < end).map(at);
    return xs.length ? Math.floor(Math.max(...xs) / DAY) : null;
  };
  const mean = (f: (r: Row) => boolean) => {
    const xs = list.filter((r) => f(r) && r.sentiment !== null).map((r) => r.sentiment as number);
    return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null;
  };
  const spend = (f: (r: Row) => boolean) =>
    list
      .filter((r) => purchase(r) && r.currency === currency && f(r))
      .reduce((s, r) => s + Number(r.amount_minor ?? 0), 0);
  return {
    lastTouchDay: lastDay(touch),
    lastPurchaseDay: lastDay(purchase),
    touches: list.filter((r) => touch(r) && inWin(r)).length,
    touchesPrior: list.filter((r) => touch(r) && inPrior(r)).length,
    tickets: list.filter((r) => ['ticket', 'complaint'].includes(r.kind) && inWin(r)).length,
    sentiment: mean(inWin),
    sentimentPrior: mean(inPrior),
    purchases: list.filter((r) => purchase(r) && inWin(r)).length,
    spendMinor: spend(inWin),
    spendPriorMinor: spend(inPrior),
  };
}

async function fromTimeline(ids: string[], through: number, cutoff: number, w: number) {
  const rows = await sql<Row>`
    select customer_id, occurred_at, kind, channel, amount_minor::text, currency, sentiment,
      coalesce(kind in ('status-change', 'profile-update')
        and properties -> 'changes' -> 'status' ->> 'to' = 'churned', false) as churned
    from interaction`.execute(t.ctx.db);
  const customers = await sql<{ id: string; status: string; updated_at: Date }>`
    select id, status, updated_at from customer`.execute(t.ctx.db);
  const status = new Map(customers.rows.map((c) => [c.id, c]));
  const out = new Map<string, unknown>();
  for (const id of ids) {
    const list = rows.rows.filter((r) => r.customer_id === id);
    const marks = list.filter((r) => r.churned && r.occurred_at.getTime() < (through + 1) * DAY);
    const c = status.get(id);
    // As summarizeEngagement: a churned customer without a recorded change churned when last updated.
    const fallback = c && Math.floor(c.updated_at.getTime() / DAY);
    out.set(id, {
      churned:
        c?.status !== 'churned'
          ? null
          : marks.length
            ? Math.floor(Math.max(...marks.map((r) => r.occurred_at.getTime())) / DAY)
            : fallback,
      through: windowOf(list, through, w, 'USD'),
      cutoff: windowOf(list, cutoff, w, 'USD'),
    });
  }
  return out;
}

async function fromRollup(through: number, cutoff: number, w: number) {
  const got: EngagementSummary[] = [];
  const iso = (d: number) => new Date(d * DAY).toISOString().slice(0, 10);
  await summarizeEngagement(
    t.ctx,
    { through: iso(through), cutoff: iso(cutoff), windowDays: w, currency: 'USD', batchSize: 7 },
    (rows) => void got.push(...rows),
  );
  return new Map(
    got.map((g) => [g.customerId, { churned: g.churnedDay, through: g.through, cutoff: g.cutoff }]),
  );
}

const post = async (events: Record<string, unknown>[]) => {
  const res = await t.api('/api/v1/events', { method: 'POST', json: { events } });
  expect(res.status).toBe(200);
};

// Around UTC midnights of 2026-01-01 … 2026-02-09, in four customers' timelines.
function mixed(from: number, to: number) {
  const out: Record<string, unknown>[] = [];
  for (let n = from; n < to; n++) {
    const occurredAt = new Date(Date.UTC(2026, 0, 1) + ((n * 7_919) % 960) * 3_600_000 - 1_000).toISOString();
    const base = { externalId: `c${n % 4}`, source: 'shop', sourceId: `a${n}`, channel: 'web', occurredAt };
    const k = n % 7;
    if (k === 0)
      out.push({ ...base, kind: 'purchase', amount: { minor: 100 + n, currency: n % 2 ? 'EUR' : 'USD' } });
    else if (k === 1) out.push({ ...base, kind: 'purchase' });
    else if (k === 2) out.push({ ...base, kind: 'ticket', channel: 'email', sentiment: ((n % 9) - 4) / 4 });
    else if (k === 3) out.push({ ...base, kind: 'complaint', channel: 'phone', sentiment: -0.5 });
    else out.push({ ...base, kind: 'visit', sentiment: n % 3 ? null : 0.25 });
  }
  return out;
}

describe('customer activity days', () => {
  it('give the engagement features the timeline gives, after mixed ingest, late events and erasure', async () => {
    await post(mixed(0, 80));
    await post(mixed(60, 120)); // partly retried: duplicates must not count
    await Promise.all([post(mixed(120, 170)), post(mixed(170, 220))]);
    const ids = (
      await sql<{ id: string }>`select customer_id as id from customer_identity order by external_id`.execute(
        t.ctx.db,
      )
    ).rows.map((r) => r.id);
    // System records (not touches) and status changes to churned, written as other modules do.
    await sql`insert into interaction (customer_id, occurred_at, channel, kind, properties, source, source_id)
      select id, '2026-01-20T23:59:59Z'::timestamptz + n * interval '1 day', 'system', 'status-change',
        jsonb_build_object('changes', jsonb_build_object('status', jsonb_build_object('to', 'churned'))), 'raw', id::text || n
      from unnest(${ids}::uuid[]) id, generate_series(0, 1) n`.execute(t.ctx.db);
    await sql`update customer set status = 'churned' where id = any(${ids}::uuid[])`.execute(t.ctx.db);
    // Late arrivals long before and after everything seen.
    await post([
      {
        externalId: 'c1',
        source: 'shop',
        sourceId: 'late1',
        channel: 'web',
        kind: 'purchase',
        occurredAt: '2025-12-01T00:00:00Z',
        amount: { minor: 7, currency: 'USD' },
      },
      {
        externalId: 'c2',
        source: 'shop',
        sourceId: 'late2',
        channel: 'chat',
        kind: 'chat',
        occurredAt: '2026-03-01T00:00:00Z',
        sentiment: 1,
      },
    ]);
    const at = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / DAY;
    const check = async () => {
      for (const [through, cutoff, w] of [
        [at('2026-01-21'), at('2026-01-10'), 7],
        [at('2026-02-09'), at('2026-01-31'), 14],
        [at('2026-01-03'), at('2025-12-20'), 1],
      ] as const) {
        const got = await fromRollup(through, cutoff, w);
        expect(got.size).toBeGreaterThan(0);
        expect(got).toEqual(await fromTimeline([...got.keys()], through, cutoff, w));
      }
    };
    await check();
    // Erasure blanks the properties the churn marks are read from: the rollup follows.
    await eraseCustomer(t.ctx, ids[1] as string, {
      reason: 'asked to be forgotten',
      by: { kind: 'system', id: null },
    });
    await check();
    const churned = await fromRollup(at('2026-02-09'), at('2026-01-31'), 14);
    // Its churned day is now its last update (the erasure), no longer the erased status change.
    expect((churned.get(ids[1] as string) as { churned: number | null }).churned).not.toBe(at('2026-01-21'));
    expect((churned.get(ids[0] as string) as { churned: number | null }).churned).toBe(at('2026-01-21'));
    // The currency check's summary: priced purchases before UTC midnight two days after `through`.
    for (const through of ['2026-01-10', '2026-02-09']) {
      const upper = new Date(Date.parse(`${through}T00:00:00Z`) + 2 * DAY);
      const timeline = await sql<{ currency: string; purchases: number; amountMinor: number }>`
        select currency, count(*)::int as purchases, sum(amount_minor)::int as "amountMinor" from interaction
        where kind = 'purchase' and amount_minor is not null and currency is not null and occurred_at < ${upper}
        group by currency order by currency`.execute(t.ctx.db);
      const got = await summarizePurchaseCurrencies(t.ctx, { through });
      expect(got.sort((x, y) => x.currency.localeCompare(y.currency))).toEqual(timeline.rows);
    }
    // The trigger-kept rows equal a rebuild from the timeline.
    const snapshot = () => sql`select * from customer_activity_day order by 1, 2, 3`.execute(t.ctx.db);
    const kept = (await snapshot()).rows;
    await sql`select rebuild_customer_rollups(null)`.execute(t.ctx.db);
    expect((await snapshot()).rows).toEqual(kept);
  });
});

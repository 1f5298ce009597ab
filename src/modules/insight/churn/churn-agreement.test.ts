import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AnyJson, startTestApp, type TestApp } from '../../../../test/helpers.ts';
import { dataSetPath } from '../../../data-sets.ts';
import { loadDemo, summarizePurchaseMonths } from '../../customers/index.ts';
import { updateCustomer } from '../../customers/update-customer.ts';
import { buildCohortMatrix } from '../cohorts/build-cohort-matrix.ts';
import { getInsightSettings } from '../get-settings.ts';
import { runScoring } from '../run-scoring.ts';
import { minorUnitRates } from '../scoring/minor-unit-rates.ts';
import { buildRetention } from './build-retention.ts';
import { churnDefinition } from './churn-definition.ts';
import { loadChurnInputs } from './load-churn-inputs.ts';

// The demo (CDNOW purchase histories replayed as a living shop) has no contracts: nobody is ever
// marked churned, customers leave by going quiet. Every churn figure of the dashboards must count
// the same departures, the ones the lapse rule gives and the customer list's badges show, and a
// count written here in SQL from the raw touchpoints must agree with each of them.

let t: TestApp;
const NOW = new Date('2026-11-23T15:00:00Z');
const THROUGH = '2026-11-23';
const LAPSE_DAYS = 180;

/** The lapse rule from first principles: last own touchpoint (or first seen) + 180 days. */
const lapseDay = sql`(greatest(c.first_seen_at, (select max(i.occurred_at) from interaction i
  where i.customer_id = c.id and i.channel <> 'system' and i.direction is distinct from 'outbound'))
  + interval '${sql.raw(String(LAPSE_DAYS))} days')::date`;

const rows = async <T>(q: ReturnType<typeof sql<T>>) => (await q.execute(t.ctx.db)).rows;
const get = async (path: string): Promise<AnyJson> => {
  const res = await t.api(path);
  expect(res.status, path).toBe(200);
  return res.json();
};

beforeAll(async () => {
  t = await startTestApp({ clock: { now: () => NOW } });
  await loadDemo(t.ctx, { cdnowPath: dataSetPath('cdnow/CDNOW_master.txt'), maxCustomers: 1000 });
  await runScoring(t.ctx, { trigger: 'test', settings: { paretoSampleSize: 0 } });
}, 300_000);
afterAll(() => t?.close());

describe('one definition of churn on the demo', () => {
  it('retention, survival, cohorts, reasons, badges and totals count the same departures as SQL does', async () => {
    const [badges] = await rows(sql<{ active: number; lapsed: number; churned: number; all: number }>`
      select count(*) filter (where status = 'active')::int as active,
        count(*) filter (where status = 'lapsed')::int as lapsed,
        count(*) filter (where status = 'churned')::int as churned, count(*)::int as all
      from customer`);
    // The demo's shoppers do leave: a dashboard saying "churn 0%" would be false.
    expect(badges?.lapsed).toBeGreaterThan(300);
    expect(badges?.churned).toBe(0);

    const cohorts = await get('/api/v1/insight/cohorts');
    const survival = await get('/api/v1/insight/survival');
    const byCohort = await get('/api/v1/insight/survival?segmentBy=cohort');
    const reasons = await get('/api/v1/insight/reasons');
    for (const d of [cohorts.definition, survival.definition, byCohort.definition, reasons.definition]) {
      expect(d).toEqual({
        basis: 'lapse-or-cancellation',
        lapseDays: LAPSE_DAYS,
        label: expect.stringContaining(`for ${LAPSE_DAYS} days, the lapse rule`),
      });
    }

    // Monthly retention: customers at the start of each month and those who lapsed in it, from SQL.
    const months = await rows(sql<{ month: string; at_start: number; lapsed: number }>`
      with s as (select c.id, c.first_seen_at::date as seen, case when c.status = 'lapsed' then ${lapseDay} end as lapsed_on
                 from customer c),
      m as (select generate_series(date_trunc('month', min(seen)), date_trunc('month', ${THROUGH}::date), interval '1 month')::date as m from s)
      select to_char(m, 'YYYY-MM') as month,
        (select count(*) from s where seen < m and (lapsed_on is null or lapsed_on >= m))::int as at_start,
        (select count(*) from s where lapsed_on >= m and lapsed_on < (m + interval '1 month')::date)::int as lapsed
      from m order by m`);
    expect(
      cohorts.churn.map((c: AnyJson) => ({ month: c.month, at_start: c.atStart, lapsed: c.lapsed })),
    ).toEqual(months);
    for (const c of cohorts.churn) {
      expect(c.churned).toBe(c.lapsed + c.cancelled);
      if (c.atStart) expect(c.retentionRate).toBeCloseTo(1 - c.churned / c.atStart, 12);
    }
    expect(cohorts.churn.some((c: AnyJson) => c.churnRate > 0.05)).toBe(true);
    const leftInMonths = cohorts.churn.reduce((n: number, c: AnyJson) => n + c.churned, 0);
    expect(leftInMonths).toBe(badges?.lapsed);
    expect(cohorts.totals).toMatchObject({
      customers: badges?.all,
      active: badges?.active,
      lapsed: badges?.lapsed,
      cancelled: 0,
    });

    // Survival: every customer a subject, every lapsed one an event; by first-seen month too.
    expect(survival.segments).toHaveLength(1);
    expect(survival.segments[0].curve).toMatchObject({ subjects: badges?.all, events: badges?.lapsed });
    const perMonth = await rows(sql<{ segment: string; subjects: number; events: number }>`
      select to_char(first_seen_at, 'YYYY-MM') as segment, count(*)::int as subjects,
        count(*) filter (where status = 'lapsed')::int as events
      from customer group by 1 order by 1`);
    expect(
      byCohort.segments
        .map((s: AnyJson) => ({ segment: s.segment, subjects: s.curve.subjects, events: s.curve.events }))
        .sort((a: AnyJson, b: AnyJson) => a.segment.localeCompare(b.segment)),
    ).toEqual(perMonth);
    // The curve ends where the customer base does: the share never lapsed among those observed.
    const last = survival.segments[0].curve.points.at(-1);
    expect(last.survival).toBeLessThan(1);

    // Acquisition cohorts (month of first purchase, in the customer's time zone): sizes and departures.
    const buyers = await rows(sql<{ cohort: string; customers: number; left: number }>`
      select cohort, count(*)::int as customers, count(*) filter (where status = 'lapsed')::int as left
      from (select c.id, c.status,
              to_char(min(i.occurred_at at time zone coalesce(c.time_zone, 'UTC')), 'YYYY-MM') as cohort
            from customer c join interaction i on i.customer_id = c.id and i.kind = 'purchase'
            group by c.id, c.status) b
      group by cohort order by cohort`);
    expect(
      cohorts.matrix.cohorts.map((c: AnyJson) => ({
        cohort: c.cohort,
        customers: c.customers,
        left: c.left,
      })),
    ).toEqual(buyers);

    // Why customers leave: the customers who lapsed in the 12 months before the run.
    const [recent] = await rows(sql<{ n: number }>`
      select count(*)::int as n from customer c
      where c.status = 'lapsed' and ${lapseDay} >= ${THROUGH}::date - 365`);
    expect(reasons.churnedCustomers).toBe(recent?.n);
    expect(reasons.since).toBe('2025-11-23');
    const inYear = cohorts.churn
      .filter((c: AnyJson) => c.month >= '2025-12')
      .reduce((n: number, c: AnyJson) => n + c.lapsed, 0);
    expect(reasons.churnedCustomers).toBeGreaterThanOrEqual(inYear);

    // P(alive) tells the same story: the purchase model expects far fewer of the lapsed to buy again.
    const [p] = await rows(sql<{ active: number; lapsed: number; expected: number; buyers: number }>`
      select avg(s.p_alive) filter (where c.status = 'active') as active,
        avg(s.p_alive) filter (where c.status = 'lapsed') as lapsed,
        sum(s.p_alive) filter (where c.status = 'active') as expected,
        count(s.p_alive) filter (where c.status = 'active')::int as buyers
      from customer c join insight_score s on s.customer_id = c.id`);
    expect(cohorts.totals.meanPAliveActive).toBeCloseTo(Number(p?.active), 4);
    expect(cohorts.totals.meanPAliveLeft).toBeCloseTo(Number(p?.lapsed), 4);
    expect(cohorts.totals.expectedBuying).toBeCloseTo(Number(p?.expected), 1);
    expect(cohorts.totals.activeBuyers).toBe(p?.buyers);
    expect(Number(p?.lapsed)).toBeLessThan(Number(p?.active));
  });

  it('serves precomputed figures equal to a computation at read time, and says when they were computed', async () => {
    const run = await t.ctx.db
      .selectFrom('insight_run')
      .select(['finished_at', 'through_date'])
      .where('status', '=', 'succeeded')
      .orderBy('started_at', 'desc')
      .executeTakeFirstOrThrow();
    const asOf = run.finished_at?.toISOString();
    expect(asOf).toBeDefined();

    // Reasons: the stored ranking, and the same window ranked now from the timeline.
    const stored = await get('/api/v1/insight/reasons');
    expect(stored.asOf).toBe(asOf);
    const live = await get(`/api/v1/insight/reasons?since=${stored.since}`);
    expect(live.asOf).toBe(NOW.toISOString());
    expect(live.reasons.length).toBeGreaterThan(0);
    expect({ ...live, asOf: null }).toEqual({ ...stored, asOf: null });

    // Cohorts: the stored matrix and retention, and both computed now for the run's day.
    const cohorts = await get('/api/v1/insight/cohorts');
    expect(cohorts.asOf).toBe(asOf);
    expect(cohorts.through).toBe(THROUGH);
    const settings = await getInsightSettings(t.ctx);
    const matrix = buildCohortMatrix(
      await summarizePurchaseMonths(t.ctx, {
        through: THROUGH,
        currency: settings.currency,
        rates: minorUnitRates(settings.currency, settings.fxRates),
      }),
    );
    expect(matrix.cohorts.length).toBeGreaterThan(2);
    expect(cohorts.matrix.cohorts.map(({ left: _, ...c }: AnyJson) => c)).toEqual(matrix.cohorts);
    expect(cohorts.matrix.months).toEqual(matrix.months);
    const definition = churnDefinition(settings.churnDefinition);
    const retention = buildRetention(
      await loadChurnInputs(t.ctx, { basis: settings.churnDefinition, through: THROUGH }),
      definition,
      Math.round(Date.parse(`${THROUGH}T00:00:00Z`) / 86_400_000),
    );
    expect(cohorts.churn).toEqual(retention.months);
    expect(cohorts.totals).toEqual(retention.totals);
    const left = new Map(retention.cohorts.map((c) => [c.cohort, c.left]));
    expect(cohorts.matrix.cohorts.map((c: AnyJson) => c.left)).toEqual(
      matrix.cohorts.map((c) => left.get(c.cohort) ?? 0),
    );
  });

  it('counts cancellations only when the business says churn is a cancellation', async () => {
    const ids = await rows(
      sql<{ id: string }>`select id from customer where status = 'active' order by id limit 3`,
    );
    const on = new Date('2026-10-05T12:00:00Z');
    for (const { id } of ids)
      await updateCustomer({ ...t.ctx, clock: { now: () => on } }, id, { status: 'churned' }, {});
    const put = await t.api('/api/v1/insight/settings', {
      method: 'PUT',
      json: { churnDefinition: 'cancellation' },
    });
    expect(put.status).toBe(200);
    await runScoring(t.ctx, { trigger: 'test', settings: { paretoSampleSize: 0 } });
    const cohorts = await get('/api/v1/insight/cohorts');
    const survival = await get('/api/v1/insight/survival');
    const reasons = await get('/api/v1/insight/reasons');
    expect(cohorts.definition.basis).toBe('cancellation');
    expect(cohorts.definition.label).toContain('cancellation recorded');
    expect(cohorts.churn.find((c: AnyJson) => c.month === '2026-10')).toMatchObject({
      churned: 3,
      cancelled: 3,
      lapsed: 0,
    });
    expect(cohorts.churn.reduce((n: number, c: AnyJson) => n + c.churned, 0)).toBe(3);
    expect(survival.segments[0].curve.events).toBe(3);
    expect(reasons.churnedCustomers).toBe(3);
    expect(cohorts.totals.cancelled).toBe(3);
  });
});

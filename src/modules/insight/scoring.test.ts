// End to end on real PostgreSQL: the CDNOW sample goes onto customer timelines, the customers
// module aggregates it, a scoring run fits and scores, and the API serves the results.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AnyJson, startTestApp, type TestApp } from '../../../test/helpers.ts';
import { formatModels } from '../../cli/commands/score.ts';
import { type PurchaseSummary, summarizePurchases } from '../customers/index.ts';
import { getModelDiagnostics } from './get-model-diagnostics.ts';
import { runScoring } from './run-scoring.ts';
import { ingestCdnow } from './testing/ingest-cdnow.ts';
import { summarizeCdnow } from './testing/load-cdnow.ts';

let t: TestApp;
const clock = { now: () => new Date('1998-07-01T06:00:00Z') };
beforeAll(async () => {
  t = await startTestApp({ clock });
  await ingestCdnow(t.ctx);
});
afterAll(() => t?.close());

const idsByExternal = async () => {
  const rows = await sql<{ customer_id: string; external_id: string }>`
    select customer_id, external_id from customer_identity where source = 'cdnow'`.execute(t.ctx.db);
  return new Map(rows.rows.map((r) => [Number(r.external_id), r.customer_id]));
};

describe('scoring CDNOW from the timeline', () => {
  it('aggregates purchases in the database exactly like the published summary', async () => {
    const rows: PurchaseSummary[] = [];
    await summarizePurchases(
      t.ctx,
      { through: '1998-06-30', splitAt: '1997-09-30', currency: 'USD', batchSize: 500 },
      (b) => {
        rows.push(...b);
      },
    );
    expect(rows).toHaveLength(2357);
    const ids = await idsByExternal();
    const byId = new Map(rows.map((r) => [r.customerId, r]));
    for (const c of summarizeCdnow()) {
      const r = byId.get(ids.get(c.id) as string) as PurchaseSummary;
      const split = r.split as NonNullable<PurchaseSummary['split']>;
      expect(split.days - 1).toBe(c.x);
      expect((split.lastDay - r.firstDay) / 7).toBeCloseTo(c.tx, 9);
      expect((Date.parse('1997-09-30') / 86_400_000 - r.firstDay) / 7).toBeCloseTo(c.T, 9);
      expect(split.holdoutDays).toBe(c.xStar);
      if (c.x > 0) expect(split.repeatSpendMinor / split.repeatAmountDays / 100).toBeCloseTo(c.zbar, 2);
    }
  });

  it('fits the published models and reproduces the holdout table on the company’s own data', async () => {
    const progress: string[] = [];
    const result = await runScoring(t.ctx, {
      through: '1998-06-30',
      trigger: 'test',
      settings: { holdoutWeeks: 39, paretoSampleSize: 3000 },
      onProgress: (p) => progress.push(p.phase),
    });
    expect(result.customers).toBe(2357);
    expect(progress).toContain('score');
    const res = await t.api('/api/v1/insight/models');
    expect(res.status).toBe(200);
    const body: AnyJson = await res.json();
    const model = (kind: string) => body.models.find((m: AnyJson) => m.kind === kind);
    const holdout = model('holdout').diagnostics;
    // Calibration through 1997-09-30, holdout the next 39 weeks: FHL 2005a's setting, from our own tables.
    const cal = model('holdout').params.calibration.params;
    expect(cal.r).toBeCloseTo(0.243, 2);
    expect(cal.alpha).toBeCloseTo(4.414, 1);
    expect(Math.abs(holdout.bgNbd.fit.logLikelihood - -9582.43)).toBeLessThan(0.01);
    const expected = [0.2251, 0.5231, 1.0441, 1.5203, 2.1638, 2.6538, 3.504, 6.157];
    holdout.bgNbd.evaluation.byFrequency.forEach((b: AnyJson, i: number) => {
      expect(Math.abs(b.expectedMean - (expected[i] as number))).toBeLessThan(0.0005);
    });
    expect(holdout.bgNbd.evaluation.calibrationChiSquare.statistic).toBeCloseTo(4.82, 2);
    expect(Math.abs(holdout.paretoNbd.fit.logLikelihood - -9594.976)).toBeLessThan(0.01);
    expect(model('churn').diagnostics.crossValidatedAuc.mean).toBeGreaterThan(0.6);
    // `tenure score models` prints the same figures (docs/reproduce-cdnow.md reads them there).
    const text = formatModels(await getModelDiagnostics(t.ctx));
    expect(text).toMatch(
      /Calibration fit: BG\/NBD r 0\.242\d, α 4\.41\d\d, a 0\.79\d\d, b 2\.42\d\d; LL -9582\.429\d/,
    );
    expect(text).toMatch(
      /Pareto\/NBD comparison: Pareto\/NBD r 0\.55\d\d, α 10\.5\d+, s 0\.60\d\d, .*LL -9594\.97\d\d/,
    );
    expect(text).toMatch(/ 0 +1411 +0\.2367 +0\.225\d +0\.138\d/);
    expect(text).toMatch(/calibration χ² 4\.82\d \(3 df, p 0\.18\d\)/);
    expect(model('cohorts').diagnostics.cohorts.map((c: AnyJson) => c.cohort)).toEqual([
      '1997-01',
      '1997-02',
      '1997-03',
    ]);
  });

  it('scores every customer as of 1997-09-30 and shows it in the customer 360', async () => {
    await runScoring(t.ctx, {
      through: '1997-09-30',
      trigger: 'test',
      settings: { paretoSampleSize: 0, clvMonths: 12 },
    });
    const models: AnyJson = await (await t.api('/api/v1/insight/models')).json();
    const purchase = models.models.find((m: AnyJson) => m.kind === 'purchase');
    expect(purchase.params.model.kind).toBe('bg-nbd');
    expect(purchase.params.bgNbd.a).toBeCloseTo(0.793, 2);
    expect(Math.abs(purchase.diagnostics.logLikelihood - -9582.43)).toBeLessThan(0.01);
    const spend = models.models.find((m: AnyJson) => m.kind === 'spend');
    // Spend is in cents here: p and q are unit-free, γ scales by 100.
    expect(spend.params.model.params.p).toBeCloseTo(6.25, 1);
    expect(spend.params.model.params.gamma / 100).toBeCloseTo(15.44, 0);

    const counts = await sql<{ n: number; alive: number; clv: number; churn: number; health: number }>`
      select count(*)::int n, count(p_alive)::int alive, count(clv_minor)::int clv,
             count(churn_probability)::int churn, count(health)::int health from insight_score`.execute(
      t.ctx.db,
    );
    expect(counts.rows[0]).toEqual({ n: 2357, alive: 2357, clv: 2357, churn: 2357, health: 2357 });

    const customer1 = (await idsByExternal()).get(1) as string;
    const c360: AnyJson = await (await t.api(`/api/v1/customers/${customer1}`)).json();
    expect(c360.scores.pAlive).toBeCloseTo(0.7266, 3);
    expect(c360.scores.purchases).toMatchObject({ repeat: 2 });
    expect(c360.scores.clv.currency).toBe('USD');
    expect(c360.scores.clv.minor).toBeGreaterThan(0);
    expect(c360.scores.health).toBeGreaterThanOrEqual(0);
    expect(c360.scores.components.map((c: AnyJson) => c.key)).toEqual(
      expect.arrayContaining(['recency', 'alive', 'churn']),
    );
    const weights = c360.scores.components.reduce((s: number, c: AnyJson) => s + c.weight, 0);
    expect(weights).toBeCloseTo(1, 6);
    const direct: AnyJson = await (await t.api(`/api/v1/insight/customers/${customer1}/scores`)).json();
    expect(direct.expectedSpendPerPurchase.minor).toBeGreaterThan(0);
    // The 360 reads the scores inside its own statement; the scores route alone: the same figures.
    expect(c360.scores).toEqual(direct);
    const lapsed: AnyJson = await (await t.api('/api/v1/insight/lapsed?limit=5')).json();
    expect(lapsed.data.length).toBe(5);
    expect(lapsed.data[0].revenueMinor).toBeGreaterThanOrEqual(lapsed.data[4].revenueMinor);
  });
});

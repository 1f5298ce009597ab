import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AnyJson, startTestApp, type TestApp } from '../../../test/helpers.ts';
import { dataSetPath } from '../../data-sets.ts';
import { loadDemo } from '../customers/index.ts';
import { runScoring } from './run-scoring.ts';

let t: TestApp;
const NOW = new Date('2026-11-23T15:00:00Z');
beforeAll(async () => {
  t = await startTestApp({ clock: { now: () => NOW } });
  await loadDemo(t.ctx, { cdnowPath: dataSetPath('cdnow/CDNOW_master.txt'), maxCustomers: 600 });
});
afterAll(() => t?.close());

describe('scoring the demo data', () => {
  it('fills P(alive), CLV, churn probability and health for every customer, shown in the 360', async () => {
    const result = await runScoring(t.ctx, { trigger: 'test', settings: { paretoSampleSize: 0 } });
    expect(result.customers).toBe(600);
    const missing = await sql<{ n: number }>`
      select count(*)::int as n from insight_score
      where p_alive is null or clv_minor is null or churn_probability is null or health is null`.execute(
      t.ctx.db,
    );
    expect(missing.rows[0]?.n).toBe(0);
    const one = await sql<{
      customer_id: string;
    }>`select customer_id from insight_score order by clv_minor desc limit 1`.execute(t.ctx.db);
    const c360: AnyJson = await (await t.api(`/api/v1/customers/${one.rows[0]?.customer_id}`)).json();
    expect(c360.scores.pAlive).toBeGreaterThan(0);
    expect(c360.scores.clv.minor).toBeGreaterThan(0);
    expect(c360.scores.churnProbability).toBeGreaterThanOrEqual(0);
    expect(c360.scores.health).toBeGreaterThanOrEqual(0);
    for (const c of c360.scores.components) expect(c.detail).toEqual(expect.any(String));
    const models: AnyJson = await (await t.api('/api/v1/insight/models')).json();
    expect(models.models.map((m: AnyJson) => m.kind)).toEqual(
      expect.arrayContaining(['purchase', 'spend', 'holdout', 'churn', 'cohorts']),
    );
  });
});

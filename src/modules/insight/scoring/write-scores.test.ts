import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../../test/helpers.ts';
import { createCustomerApi } from '../../feedback/testing.ts';
import { setTestScores } from '../testing/set-scores.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.close());

describe('writing scores', () => {
  it('stores a vanishing P(alive) as 0 instead of failing the run', async () => {
    // A customer silent for years after a busy start: BG/NBD gives P(alive) ≈ 1e-60, below what
    // a PostgreSQL `real` can hold; the whole nightly run used to fail on it.
    const gone = await createCustomerApi(t, { name: 'Long Gone' });
    const here = await createCustomerApi(t, { name: 'Still Here' });
    await setTestScores(t.ctx, [
      { customerId: gone, pAlive: 7.866033203206e-61, churnProbability: 1e-50, health: 3 },
      { customerId: here, pAlive: 0.8, churnProbability: 0.05, health: 80 },
    ]);
    const rows = await t.ctx.db
      .selectFrom('insight_score')
      .select(['customer_id', 'p_alive', 'churn_probability'])
      .where('customer_id', 'in', [gone, here])
      .execute();
    const byId = new Map(rows.map((r) => [r.customer_id, r]));
    expect(byId.get(gone)).toMatchObject({ p_alive: 0, churn_probability: 0 });
    expect(byId.get(here)?.p_alive).toBeCloseTo(0.8, 6);
  });
});

// Purchases recorded in another currency than the insight setting, on real PostgreSQL with the
// CDNOW sample recorded in pounds: refused without a rate, converted with one.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AnyJson, startTestApp, type TestApp } from '../../../test/helpers.ts';
import { parseSettingAssignments } from '../../cli/commands/score.ts';
import { runScoring } from './run-scoring.ts';
import { minorUnitRates } from './scoring/minor-unit-rates.ts';
import { ingestCdnow } from './testing/ingest-cdnow.ts';
import { loadCdnowPurchases } from './testing/load-cdnow.ts';
import { updateInsightSettings } from './update-settings.ts';

let t: TestApp;
const clock = { now: () => new Date('1998-07-01T06:00:00Z') };
beforeAll(async () => {
  t = await startTestApp({ clock });
  await ingestCdnow(t.ctx, { currency: 'GBP' });
});
afterAll(() => t?.close());

type Score = { external_id: string; currency: string; revenue_minor: number; clv_minor: number | null };
const scores = async () => {
  const rows = await sql<Score>`
    select i.external_id, s.currency, s.revenue_minor::float8 as revenue_minor, s.clv_minor::float8 as clv_minor
    from insight_score s join customer_identity i on i.customer_id = s.customer_id and i.source = 'cdnow'`.execute(
    t.ctx.db,
  );
  return new Map(rows.rows.map((r) => [r.external_id, r]));
};
const putSettings = (json: Record<string, unknown>) =>
  t.api('/api/v1/insight/settings', { method: 'PUT', json });

describe('purchases in pounds, insight currency dollars', () => {
  it('refuses to score without a rate, naming both currencies', async () => {
    const run = runScoring(t.ctx, {
      through: '1997-09-30',
      trigger: 'test',
      settings: { paretoSampleSize: 0 },
    });
    await expect(run).rejects.toThrow(
      /Purchases are recorded in GBP \(\d+\), but the insight currency setting is USD \(0 purchases\) and there is no exchange rate for GBP/,
    );
  });

  it('converts between minor units of different sizes (yen have none, dinars have three digits)', () => {
    expect(minorUnitRates('USD', { GBP: 1.27, JPY: 0.0067, KWD: 3.25, USD: 2 })).toEqual({
      GBP: 1.27,
      JPY: 0.67,
      KWD: 0.325,
      USD: 1,
    });
    expect(minorUnitRates('JPY', { USD: 150 })).toEqual({ USD: 1.5, JPY: 1 });
  });

  it('validates the rates: ISO codes, bounded, never the insight currency itself', async () => {
    for (const fxRates of [{ gbp: 1.27 }, { GBP: 0 }, { GBP: 1e7 }, { USD: 1 }]) {
      const res = await putSettings({ fxRates });
      expect(res.status).toBe(400);
      const body: AnyJson = await res.json();
      expect(JSON.stringify(body)).toMatch(/fxRates|ISO 4217|USD/);
    }
  });

  it('with 1 GBP = 1.27 USD, values every purchase in dollars: revenue exactly, CLV 1.27 times the pound figure', async () => {
    await runScoring(t.ctx, {
      through: '1997-09-30',
      trigger: 'test',
      settings: { paretoSampleSize: 0, currency: 'GBP' },
    });
    const inPounds = await scores();
    // As `tenure score settings --set fxRates='{"GBP":1.27}'` stores it.
    await updateInsightSettings(t.ctx, parseSettingAssignments(['fxRates={"GBP":1.27}']));
    await runScoring(t.ctx, { through: '1997-09-30', trigger: 'test', settings: { paretoSampleSize: 0 } });
    const inDollars = await scores();

    // Revenue: each purchase converted (exact decimal arithmetic, halves away from zero) and rounded
    // to the cent, then summed.
    const expected = new Map<string, number>();
    for (const p of loadCdnowPurchases()) {
      if (p.date > '1997-09-30') continue;
      const cents = Math.round((Math.round(p.dollars * 100) * 127) / 100);
      expected.set(String(p.id), (expected.get(String(p.id)) ?? 0) + cents);
    }
    expect(inDollars.size).toBe(2357);
    let valued = 0;
    for (const [id, usd] of inDollars) {
      expect(usd.currency).toBe('USD');
      expect(usd.revenue_minor).toBe(expected.get(id));
      const gbp = inPounds.get(id) as Score;
      expect(gbp.currency).toBe('GBP');
      // The purchase model sees the same days; the spend model scales with the money (Gamma-Gamma's
      // γ is a scale parameter), up to the half cent each conversion rounds away and the stored
      // CLVs' rounding to whole cents.
      expect(usd.clv_minor === null).toBe(gbp.clv_minor === null);
      if (usd.clv_minor !== null && gbp.clv_minor !== null && gbp.clv_minor > 0) {
        expect(Math.abs(usd.clv_minor - 1.27 * gbp.clv_minor)).toBeLessThan(1 + 5e-4 * usd.clv_minor);
        valued++;
      }
    }
    expect(valued).toBeGreaterThan(2000);
  });
});

// Scoring runs that cannot get stuck, inputs checked before fitting, and bulk results — on real
// PostgreSQL with the CDNOW sample on real timelines, with default settings (Pareto/NBD included).
import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AnyJson,
  createStaffUser,
  logInCookie,
  startTestApp,
  type TestApp,
} from '../../../test/helpers.ts';
import { recordInteractions } from '../customers/index.ts';
import { cancelScoringRun } from './cancel-scoring-run.ts';
import { runScoring } from './run-scoring.ts';
import { ingestCdnow } from './testing/ingest-cdnow.ts';

let t: TestApp;
const clock = { now: () => new Date('1998-07-01T06:00:00Z') };
beforeAll(async () => {
  t = await startTestApp({ clock });
  await ingestCdnow(t.ctx);
});
afterAll(() => t?.close());

const runRow = (id: string) =>
  t.ctx.db.selectFrom('insight_run').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

const insertRunning = async (values: { lease: string; pid?: number }) => {
  const id = crypto.randomUUID();
  await sql`insert into insight_run (id, through_date, trigger, timings, status, lease_until, host, pid)
    values (${id}, '1997-09-30', 'test', '{}', 'running', now() + ${values.lease}::interval, ${hostname()}, ${values.pid ?? null})`.execute(
    t.ctx.db,
  );
  return id;
};

describe('a scoring run with default settings on CDNOW through 1997-09-30', () => {
  it('finishes, with every fit within its evaluation budget, and reports the Pareto/NBD comparison', async () => {
    const r = await runScoring(t.ctx, { through: '1997-09-30', trigger: 'test' });
    expect(r.customers).toBe(2357);
    const body: AnyJson = await (await t.api('/api/v1/insight/models')).json();
    const model = (kind: string) => body.models.find((m: AnyJson) => m.kind === kind);
    const purchase = model('purchase');
    expect(Math.abs(purchase.diagnostics.logLikelihood - -9582.43)).toBeLessThan(0.01);
    expect(purchase.diagnostics.budget.exhausted).toBeNull();
    expect(purchase.diagnostics.evaluations).toBeLessThanOrEqual(purchase.diagnostics.budget.maxEvaluations);
    const holdout = model('holdout').diagnostics;
    const pareto = holdout.paretoNbd.fit;
    // Either it converged within its budget, or it says that it ran out: never silently.
    expect(pareto.evaluations).toBeLessThanOrEqual(pareto.budget.maxEvaluations + 200);
    if (pareto.budget.exhausted) expect(pareto.converged).toBe(false);
    // χ² for the purchase model of the holdout check, whatever model it is.
    expect(holdout.bgNbd.evaluation.calibrationChiSquare.statistic).toBeGreaterThan(0);
    const json = JSON.stringify(body);
    expect(json).not.toMatch(/NaN|Infinity/);
  });
});

describe('runs that cannot get stuck', () => {
  it('marks a run whose lease expired failed at once and starts the new one', async () => {
    const stale = await insertRunning({ lease: '-1 minute' });
    const r = await runScoring(t.ctx, {
      through: '1997-09-30',
      trigger: 'test',
      settings: { paretoSampleSize: 0 },
    });
    expect((await runRow(stale)).status).toBe('failed');
    expect((await runRow(stale)).error).toMatch(/lease/);
    expect((await runRow(r.runId)).status).toBe('succeeded');
  });

  it('marks a run whose process on this machine is gone failed at once, lease or not', async () => {
    const dead = spawnSync(process.execPath, ['-e', '0']).pid as number;
    const orphan = await insertRunning({ lease: '5 minutes', pid: dead });
    await runScoring(t.ctx, { through: '1997-09-30', trigger: 'test', settings: { paretoSampleSize: 0 } });
    expect((await runRow(orphan)).status).toBe('failed');
  });

  it('refuses to start while a live run holds its lease', async () => {
    const live = await insertRunning({ lease: '5 minutes', pid: process.pid });
    await expect(runScoring(t.ctx, { through: '1997-09-30', trigger: 'test' })).rejects.toThrow(
      /still running/,
    );
    // The admin action cancels it; then scoring starts again.
    const res = await t.api(`/api/v1/insight/runs/${live}/cancel`, { method: 'POST' });
    expect(res.status).toBe(200);
    expect((await runRow(live)).status).toBe('cancelled');
    expect((await t.api(`/api/v1/insight/runs/${live}/cancel`, { method: 'POST' })).status).toBe(404);
  });

  it('a cancelled run stops and is marked cancelled', async () => {
    const abort = new AbortController();
    let id = '';
    const run = runScoring(t.ctx, {
      through: '1997-09-30',
      trigger: 'test',
      settings: { paretoSampleSize: 0 },
      signal: abort.signal,
      onStart: (runId) => {
        id = runId;
        abort.abort();
      },
    });
    await expect(run).rejects.toThrow(/cancelled/);
    expect((await runRow(id)).status).toBe('cancelled');
    expect(await cancelScoringRun(t.ctx)).toEqual([]);
  });
});

describe('bulk scores', () => {
  it('pages every customer once with expected purchases over any horizon, as JSON and CSV', async () => {
    const seen = new Set<string>();
    let after = '';
    let pages = 0;
    do {
      const res = await t.api(
        `/api/v1/insight/scores?limit=1000&horizonDays=273${after ? `&after=${after}` : ''}`,
      );
      expect(res.status).toBe(200);
      const body: AnyJson = await res.json();
      for (const r of body.data) seen.add(r.customerId);
      after = body.nextCursor ?? '';
      pages++;
    } while (after);
    expect(pages).toBe(3);
    expect(seen.size).toBe(2357);
    const one: AnyJson = await (await t.api('/api/v1/insight/scores?limit=5000&horizonDays=273')).json();
    const total = one.data.reduce((s: number, r: AnyJson) => s + r.expectedPurchases, 0);
    // Σ E[Y(39 weeks)] over CDNOW at the published fit: about 1,654 (docs/insight.md).
    expect(Math.abs(total - 1654)).toBeLessThan(2);
    const csv = await (await t.api('/api/v1/insight/scores?limit=10&format=csv')).text();
    const lines = csv.trim().split('\n');
    expect(lines[0]).toBe(
      'customerId,scoredAt,status,pAlive,expectedPurchases,clvMinor,currency,churnProbability,health,lapsed',
    );
    expect(lines).toHaveLength(11);
    const lapsed: AnyJson = await (await t.api('/api/v1/insight/scores?lapsed=true&limit=10000')).json();
    expect(lapsed.data.every((r: AnyJson) => r.lapsed)).toBe(true);
  });

  it('is for managers and admins, not agents', async () => {
    const { staff, password } = await createStaffUser(t.ctx, 'agent');
    const cookie = await logInCookie(t, staff.email, password);
    expect((await t.api('/api/v1/insight/scores', { headers: { cookie } })).status).toBe(403);
  });
});

describe('inputs checked before fitting', () => {
  it('refuses GBP purchases scored with the USD setting, naming both currencies', async () => {
    const batch = Array.from({ length: 8000 }, (_, i) => ({
      customer: { source: 'shop-uk', externalId: `uk-${i % 3000}` },
      source: 'shop-uk',
      sourceId: `o-${i}`,
      channel: 'web' as const,
      kind: 'purchase',
      occurredAt: new Date(Date.UTC(1997, 2, 1 + (i % 200))),
      amountMinor: 1000 + i,
      currency: 'GBP',
    }));
    for (let i = 0; i < batch.length; i += 2000) await recordInteractions(t.ctx, batch.slice(i, i + 2000));
    await expect(runScoring(t.ctx, { through: '1997-09-30', trigger: 'test' })).rejects.toThrow(
      /GBP .*USD|USD.*GBP/,
    );
  });
});

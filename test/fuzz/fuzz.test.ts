/**
 * The API fuzzer: a few thousand mutated requests, generated from the server's own OpenAPI
 * document, to every operation as every kind of caller, against a server process running with
 * the shipped 256 MB heap. FUZZ_REQUESTS and FUZZ_SEED vary the run; bench/fuzz-soak.ts is the
 * long version.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../../src/kernel/db/pool.ts';
import { createTestDatabase } from '../helpers.ts';
import { type FuzzTarget, newStats, runPlan, startFuzzTarget } from './drive.ts';
import { operationsOf, planArbitrary } from './requests.ts';

const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 2500);
const SEED = Number(process.env.FUZZ_SEED ?? 20261204);
const MiB = 1024 * 1024;

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let db: Db;
let t: FuzzTarget;
beforeAll(async () => {
  database = await createTestDatabase();
  db = createDb(database.url, 2).db;
  t = await startFuzzTarget(database.url, db);
});
afterAll(async () => {
  await t?.stop();
  await db?.destroy();
  await database?.drop();
});

describe('API fuzzer', () => {
  it(
    'no 5xx, every error in the one shape, still answering, memory bounded',
    async () => {
      const ops = operationsOf(t.doc);
      expect(ops.length).toBeGreaterThan(80);
      expect(t.callers.map((c) => c.name)).toEqual([
        'admin',
        'manager',
        'agent',
        'key:ingest',
        'key:read',
        'key:write',
        'key:admin',
        'made-up key',
        'anonymous',
      ]);
      const stats = newStats();
      const seen = new Set<string>();
      let runs = 0;
      t.server.beginPhase();
      await fc.assert(
        fc.asyncProperty(planArbitrary(t.doc, t.callers.length), async (plan) => {
          seen.add(`${plan.op.method} ${plan.op.path}`);
          if (++runs % 250 === 0) await t.renewCallers();
          const problem = await runPlan(t, plan, stats, runs);
          if (problem) throw new Error(problem);
        }),
        { numRuns: REQUESTS, seed: SEED, endOnFailure: true },
      );
      const peakRss = t.server.endPhase();
      const heap = await t.server.heap();
      const health = await t.send({ method: 'GET', path: '/api/health', headers: {} });

      expect(stats.problems).toEqual([]);
      expect(stats.serverErrors).toBe(0);
      expect(stats.sent).toBeGreaterThan(REQUESTS * 0.95);
      // Most operations were reached, and not only their refusals.
      expect(seen.size).toBeGreaterThan(ops.length * 0.9);
      expect(Object.keys(stats.byStatus)).toEqual(
        expect.arrayContaining(['200', '400', '401', '403', '404']),
      );
      expect(health.status).toBe(200);
      // The shipped heap limit is 256 MB; the process stays well inside it and its RSS stays modest.
      expect(heap.heapUsed).toBeLessThan(200 * MiB);
      expect(peakRss).toBeLessThan(700 * MiB);
      console.log(
        `fuzz: ${stats.sent} requests (seed ${SEED}), ${stats.serverErrors} × 5xx, ` +
          `${stats.connectionErrors} closed connections, statuses ${JSON.stringify(stats.byStatus)}, ` +
          `${seen.size}/${ops.length} operations, peak RSS ${(peakRss / MiB).toFixed(0)} MiB, ` +
          `heap in use ${(heap.heapUsed / MiB).toFixed(0)} MiB`,
      );
    },
    10 * 60_000,
  );
});

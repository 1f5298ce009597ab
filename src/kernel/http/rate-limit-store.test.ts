import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AnyJson, startTestApp, type TestApp } from '../../../test/helpers.ts';
import { buildApp } from '../../app.ts';
import { createDb } from '../db/pool.ts';

let t: TestApp;
let second: { url: string; close(): Promise<void> };

beforeAll(async () => {
  t = await startTestApp();
  // A second API process over the same database, as with several `tenure serve --role api`.
  const { db } = createDb(t.dbUrl, 4);
  const app = await buildApp({ ...t.ctx, db }, { logRequests: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  second = {
    url: `http://127.0.0.1:${(app.server.address() as { port: number }).port}`,
    async close() {
      await app.close();
      await db.destroy();
    },
  };
});
afterAll(async () => {
  await second?.close();
  await t?.close();
});

describe('rate limits held in PostgreSQL', () => {
  it('counts one limit across two server processes sharing a database', async () => {
    // Sign-in allows 60 requests a minute per address; malformed ones count and cost no hashing.
    const hit = (base: string) =>
      fetch(`${base}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
    const remaining: number[] = [];
    for (let i = 0; i < 60; i++) {
      const res = await hit(i % 2 ? second.url : t.url);
      expect(res.status).toBe(400);
      remaining.push(Number(res.headers.get('x-ratelimit-remaining')));
    }
    // One count, whichever process answered: 59, 58, … 0.
    expect(remaining).toEqual(Array.from({ length: 60 }, (_, i) => 59 - i));
    for (const base of [t.url, second.url]) {
      const res = await hit(base);
      expect(res.status).toBe(429);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(((await res.json()) as AnyJson).error.code).toBe('rate_limited');
    }
    const rows = await t.ctx.db
      .selectFrom('rate_limit' as never)
      .selectAll()
      .execute();
    expect(rows).toHaveLength(1);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaffUser, startTestApp, type TestApp } from '../../../test/helpers.ts';
import { manualClock } from '../loop/testing/fixtures.ts';

// The clock stands still, so every back-off is still running when the next attempt comes.
const clock = manualClock('2026-11-17T10:00:00Z');
let behindProxy: TestApp;
let direct: TestApp;

beforeAll(async () => {
  [behindProxy, direct] = await Promise.all([
    startTestApp({ clock, config: { trustProxy: true } }),
    startTestApp({ clock }),
  ]);
});
afterAll(async () => {
  await behindProxy?.close();
  await direct?.close();
});

const login = (t: TestApp, email: string, password: string, from?: string) =>
  t.api('/api/auth/login', {
    method: 'POST',
    json: { email, password },
    headers: { cookie: '', ...(from ? { 'x-forwarded-for': from } : {}) },
  });

describe('sign-in throttling', () => {
  it('throttles 600 wrong passwords for one account from 60 addresses, with Retry-After', async () => {
    const { staff, password } = await createStaffUser(behindProxy.ctx, 'admin');
    const statuses = new Map<number, number>();
    let retryAfter: string | null = null;
    for (let i = 0; i < 600; i++) {
      const res = await login(behindProxy, staff.email, `guess-number-${i}`, `203.0.113.${i % 60}`);
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      if (res.status === 429) {
        retryAfter = res.headers.get('retry-after');
        expect((await res.json()).error.code).toBe('rate_limited');
      } else await res.body?.cancel();
    }
    // Five free failures, then the account waits, whichever address asks.
    expect(statuses.get(401)).toBe(5);
    expect(statuses.get(429)).toBe(595);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    // Even the right password waits out the back-off: otherwise guessing could go on.
    const right = await login(behindProxy, staff.email, password, '198.51.100.7');
    expect(right.status).toBe(429);
    // Once the wait is over, the right password works and clears the count.
    clock.set('2026-11-17T11:05:00Z');
    expect((await login(behindProxy, staff.email, password, '198.51.100.7')).status).toBe(200);
    expect((await login(behindProxy, staff.email, 'one-more-typo', '198.51.100.7')).status).toBe(401);
    clock.set('2026-11-17T10:00:00Z');
  });

  it('trusts X-Forwarded-For only with TENURE_TRUST_PROXY', async () => {
    const { staff } = await createStaffUser(direct.ctx, 'agent');
    // Direct: the header is ignored, so spreading over made-up addresses changes nothing.
    for (let i = 0; i < 5; i++) {
      expect((await login(direct, staff.email, `typo-${i}`, `192.0.2.${i}`)).status).toBe(401);
    }
    expect((await login(direct, staff.email, 'typo-5', '192.0.2.99')).status).toBe(429);
    const audit = await direct.ctx.db
      .selectFrom('staff_sign_in_failure')
      .select('key')
      .where('key', 'like', 'addr:%')
      .execute();
    expect(audit.map((r) => r.key)).toEqual(['addr:127.0.0.1']);
  });

  it("does not lock everyone behind one shared address out over one person's typos", async () => {
    const typist = await createStaffUser(direct.ctx, 'agent');
    const colleague = await createStaffUser(direct.ctx, 'manager');
    for (let i = 0; i < 20; i++)
      await (await login(direct, typist.staff.email, `typo-${i}-xx`)).body?.cancel();
    expect((await login(direct, typist.staff.email, typist.password)).status).toBe(429);
    // Same address (no proxy trusted, so everyone is 127.0.0.1), different account: straight in.
    expect((await login(direct, colleague.staff.email, colleague.password)).status).toBe(200);
  });

  it('throttles an address that sprays many accounts', async () => {
    // 100 failures from one address, spread over many accounts (beyond what the per-minute flood
    // guard of 60 requests lets through at once, so they are written as earlier minutes would).
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) {
      const res = await login(behindProxy, `user${i}@example.com`, 'password-1234', '198.51.100.200');
      statuses.push(res.status);
      await res.body?.cancel();
    }
    expect(statuses.every((s) => s === 401)).toBe(true);
    await behindProxy.ctx.db
      .updateTable('staff_sign_in_failure')
      .set((eb) => ({ failures: eb('failures', '+', 60) }))
      .where('key', '=', 'addr:198.51.100.200')
      .execute();
    const { staff, password } = await createStaffUser(behindProxy.ctx, 'agent');
    const sprayer = await login(behindProxy, staff.email, password, '198.51.100.200');
    expect(sprayer.status).toBe(429);
    expect(sprayer.headers.get('retry-after')).toBe('1');
    // Another address is unaffected.
    expect((await login(behindProxy, staff.email, password, '198.51.100.201')).status).toBe(200);
  });
});

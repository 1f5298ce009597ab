import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaffUser, logInCookie, startTestApp, type TestApp } from '../../../test/helpers.ts';
import { manualClock } from '../loop/testing/fixtures.ts';
import { SESSION_CACHE_MS } from './session-cache.ts';

const clock = manualClock('2026-11-17T10:00:00Z');
const IDLE_MS = 8_000;
let t: TestApp;
beforeAll(async () => {
  // An idle timeout shorter than the cache's lifetime: expiry must not wait for the cache.
  t = await startTestApp({ clock, config: { sessionIdleMs: IDLE_MS, sessionMaxMs: 3_600_000 } });
});
afterAll(() => t?.close());

const later = (ms: number) => clock.set(new Date(clock.now().getTime() + ms).toISOString());
const me = (cookie: string) => t.api('/api/auth/me', { headers: { cookie } });

async function signedIn(role: 'agent' | 'manager' = 'agent') {
  const { staff, password } = await createStaffUser(t.ctx, role);
  const cookie = await logInCookie(t, staff.email, password);
  expect((await me(cookie)).status).toBe(200);
  return { staff, cookie };
}

describe('the session cache', () => {
  it('serves a session from memory, and sees another process revoking it within its lifetime', async () => {
    const { staff, cookie } = await signedIn();
    // As another process's sign-out would: this process is not told.
    await t.ctx.db.deleteFrom('staff_session').where('staff_id', '=', staff.id).execute();
    later(2_000);
    expect((await me(cookie)).status).toBe(200);
    later(SESSION_CACHE_MS);
    expect((await me(cookie)).status).toBe(401);
  });

  it('forgets at once what this process signs out, changes or deactivates', async () => {
    const a = await signedIn();
    await t.api('/api/auth/logout', { method: 'POST', headers: { cookie: a.cookie } });
    expect((await me(a.cookie)).status).toBe(401);

    const b = await signedIn();
    const patched = await t.api(`/api/v1/staff/${b.staff.id}`, {
      method: 'PATCH',
      json: { role: 'manager' },
    });
    expect(patched.status).toBe(200);
    expect(await (await me(b.cookie)).json()).toMatchObject({ role: 'manager' });
    const colleague = await createStaffUser(t.ctx, 'agent');
    const off = await t.api(`/api/v1/staff/${b.staff.id}/deactivate`, {
      method: 'POST',
      json: { handOverTo: colleague.staff.id },
    });
    expect(off.status).toBe(200);
    expect((await me(b.cookie)).status).toBe(401);

    const c = await signedIn();
    const pw = await t.api(`/api/v1/staff/${c.staff.id}/password`, {
      method: 'POST',
      json: { password: 'a-brand-new-password-1' },
    });
    expect(pw.status).toBeLessThan(300);
    expect((await me(c.cookie)).status).toBe(401);
  });

  it('ends an idle session on time even while it is cached', async () => {
    const { cookie } = await signedIn();
    later(IDLE_MS + 1_000);
    expect((await me(cookie)).status).toBe(401);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaffUser, logInCookie, startTestApp, type TestApp } from '../../../test/helpers.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.close());

describe('staff sign-in, roles and API keys', () => {
  it('signs in with a secure HTTP-only cookie, knows who you are, and signs out', async () => {
    const { staff, password } = await createStaffUser(t.ctx, 'agent');
    const res = await t.api('/api/auth/login', {
      method: 'POST',
      json: { email: staff.email, password },
      headers: { cookie: '' },
    });
    expect(res.status).toBe(200);
    const setCookie = res.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/tenure_session=/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    const cookie = setCookie.split(';')[0] as string;
    const me = await (await t.api('/api/auth/me', { headers: { cookie } })).json();
    expect(me).toMatchObject({ kind: 'staff', id: staff.id, role: 'agent' });
    expect(JSON.stringify(me)).not.toMatch(/password/i);

    await t.api('/api/auth/logout', { method: 'POST', headers: { cookie } });
    const after = await t.api('/api/auth/me', { headers: { cookie } });
    expect(after.status).toBe(401);
  });

  it('says the same thing for a wrong password and an unknown email', async () => {
    const { staff } = await createStaffUser(t.ctx, 'agent');
    const wrong = await t.api('/api/auth/login', {
      method: 'POST',
      json: { email: staff.email, password: 'not-it-at-all' },
      headers: { cookie: '' },
    });
    const unknown = await t.api('/api/auth/login', {
      method: 'POST',
      json: { email: 'nobody@example.com', password: 'whatever-it-is' },
      headers: { cookie: '' },
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect((await wrong.json()).error.message).toBe((await unknown.json()).error.message);
  });

  it('lets roles do only what they may: agents cannot manage keys, admins can', async () => {
    const agent = await createStaffUser(t.ctx, 'agent');
    const admin = await createStaffUser(t.ctx, 'admin');
    const agentCookie = await logInCookie(t, agent.staff.email, agent.password);
    const adminCookie = await logInCookie(t, admin.staff.email, admin.password);
    const denied = await t.api('/api/v1/api-keys', {
      method: 'POST',
      headers: { cookie: agentCookie },
      json: { name: 'x', scopes: ['read'] },
    });
    expect(denied.status).toBe(403);
    expect((await denied.json()).error.code).toBe('forbidden');

    const created = await t.api('/api/v1/api-keys', {
      method: 'POST',
      headers: { cookie: adminCookie },
      json: { name: 'reader', scopes: ['read'] },
    });
    expect(created.status).toBe(201);
    const { key, apiKey } = await created.json();
    expect(key).toMatch(/^tnr_/);
    // Shown once: listing never returns the key again, and the database holds only a hash.
    const list = await (await t.api('/api/v1/api-keys', { headers: { cookie: adminCookie } })).json();
    expect(JSON.stringify(list)).not.toContain(key);
    const stored = await t.ctx.db
      .selectFrom('api_key')
      .select('key_hash')
      .where('id', '=', apiKey.id)
      .executeTakeFirstOrThrow();
    expect(stored.key_hash.toString('utf8')).not.toContain(key.slice(4));

    // A read key may read customers but not write them.
    const read = await t.api('/api/v1/customers', { headers: { authorization: `Bearer ${key}` } });
    expect(read.status).toBe(200);
    const write = await t.api('/api/v1/customers', {
      method: 'POST',
      headers: { authorization: `Bearer ${key}` },
      json: { name: 'X' },
    });
    expect(write.status).toBe(403);
  });

  it('rate-limits sign-in attempts', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const r = await t.api('/api/auth/login', {
        method: 'POST',
        json: { email: 'brute@example.com', password: `guess-${i}-xxxx` },
        headers: { cookie: '' },
      });
      statuses.push(r.status);
    }
    expect(statuses).toContain(429);
    expect(statuses.slice(0, 5).every((s) => s === 401)).toBe(true);
  });

  it('keeps passwords out of responses and requires a long one', async () => {
    const res = await t.api('/api/v1/staff', {
      method: 'POST',
      json: { email: 'short@example.com', password: 'short', role: 'agent' },
    });
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toMatch(/password/);
    const list = await (await t.api('/api/v1/staff')).json();
    expect(JSON.stringify(list)).not.toMatch(/password|argon/i);
  });
});

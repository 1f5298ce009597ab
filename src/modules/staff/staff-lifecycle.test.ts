import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AnyJson,
  createStaffUser,
  logInCookie,
  startTestApp,
  type TestApp,
} from '../../../test/helpers.ts';
import { buildCustomerFacts } from '../loop/build-rule-facts.ts';
import { raiseFlag } from '../loop/raise-flag.ts';
import { manualClock } from '../loop/testing/fixtures.ts';
import { addCustomer, addTeam } from '../loop/testing/team-setup.ts';
import { createApiKey } from './create-api-key.ts';

const HOUR = 3_600_000;
const clock = manualClock('2026-11-17T10:00:00Z');
let t: TestApp;
let admin: { id: string; cookie: string };
const always = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '00:00', end: '24:00' }));

beforeAll(async () => {
  t = await startTestApp({ clock, config: { sessionIdleMs: 2 * HOUR, sessionMaxMs: 24 * HOUR } });
  const a = await createStaffUser(t.ctx, 'admin');
  admin = { id: a.staff.id, cookie: await logInCookie(t, a.staff.email, a.password) };
});
afterAll(() => t?.close());

const as = (cookie: string, path: string, init: RequestInit & { json?: unknown } = {}) =>
  t.api(path, { ...init, headers: { ...(init.headers as Record<string, string>), cookie } });
const me = async (cookie: string) => (await as(cookie, '/api/auth/me')).status;
const auditOf = async (target: string) =>
  (await (await t.api(`/api/v1/audit?limit=500`)).json()).data.filter((e: AnyJson) => e.target === target);

async function openCaseFor(ownerId: string) {
  const customerId = await addCustomer(t, { name: 'Leaving Customer', ownerId });
  const rules = (await (await t.api('/api/v1/rules')).json()).data;
  const rule = rules.find((r: AnyJson) => r.key === 'nps-detractor');
  const r = await raiseFlag(t.ctx, {
    customerId,
    rule: { ...rule, key: rule.key, notify: ['in-app'], cooldownDays: 0 },
    triggerKey: `test:${customerId}`,
    summary: rule.name,
    event: null,
    customer: await buildCustomerFacts(t.ctx, customerId),
  });
  return { customerId, caseId: r.caseId as string };
}

describe('staff lifecycle', () => {
  it('deactivates a staff member: sessions end at once, customers and open cases go to a colleague', async () => {
    const leaving = await createStaffUser(t.ctx, 'agent');
    const heir = await createStaffUser(t.ctx, 'agent');
    await addTeam(t, 'Desk', 'UTC', always, [leaving.staff.id, heir.staff.id], null);
    const cookie = await logInCookie(t, leaving.staff.email, leaving.password);
    const { customerId, caseId } = await openCaseFor(leaving.staff.id);
    const second = await addCustomer(t, { name: 'Second', ownerId: leaving.staff.id });
    expect((await (await t.api(`/api/v1/cases/${caseId}`)).json()).assigneeId).toBe(leaving.staff.id);
    // Their API key: kept by default (it belongs to an integration), listed for review.
    const keyRes = await t.ctx.db
      .insertInto('api_key')
      .values({
        id: '019ae000-0000-7000-8000-000000000001',
        name: 'their import',
        prefix: 'tnr_xxxxxx',
        key_hash: Buffer.alloc(32, 7),
        scopes: ['ingest'],
        created_by: leaving.staff.id,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    expect(await me(cookie)).toBe(200);

    const res = await as(admin.cookie, `/api/v1/staff/${leaving.staff.id}/deactivate`, {
      method: 'POST',
      json: { handOverTo: heir.staff.id, reason: 'left the company' },
    });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.staff.active).toBe(false);
    expect(body.handedOver).toMatchObject({ customers: 2, cases: 1 });
    expect(body.apiKeys).toEqual([
      { id: keyRes.id, name: 'their import', prefix: 'tnr_xxxxxx', revoked: false },
    ]);

    expect(await me(cookie)).toBe(401);
    const again = await t.api('/api/auth/login', {
      method: 'POST',
      json: { email: leaving.staff.email, password: leaving.password },
      headers: { cookie: '' },
    });
    expect(again.status).toBe(401);
    const kase = await (await t.api(`/api/v1/cases/${caseId}`)).json();
    expect(kase.assigneeId).toBe(heir.staff.id);
    expect(kase.tasks.every((x: AnyJson) => x.status !== 'open' || x.assigneeId === heir.staff.id)).toBe(
      true,
    );
    for (const id of [customerId, second]) {
      expect((await (await t.api(`/api/v1/customers/${id}`)).json()).ownerId).toBe(heir.staff.id);
    }
    const actions = (await auditOf(leaving.staff.id)).map((e: AnyJson) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['staff.deactivate', 'staff.hand-over']));

    // Asked to, deactivation revokes the keys they created.
    const other = await createStaffUser(t.ctx, 'manager');
    await t.ctx.db
      .updateTable('api_key')
      .set({ created_by: other.staff.id })
      .where('id', '=', keyRes.id)
      .execute();
    const revoking = await (
      await as(admin.cookie, `/api/v1/staff/${other.staff.id}/deactivate`, {
        method: 'POST',
        json: { handOverTo: heir.staff.id, revokeApiKeys: true },
      })
    ).json();
    expect(revoking.apiKeys).toEqual([expect.objectContaining({ id: keyRes.id, revoked: true })]);

    // Reactivated, they can sign in again.
    const back = await as(admin.cookie, `/api/v1/staff/${leaving.staff.id}/reactivate`, { method: 'POST' });
    expect((await back.json()).active).toBe(true);
    await logInCookie(t, leaving.staff.email, leaving.password);
  });

  it('refuses to deactivate yourself, to hand over to an inactive person, or to leave no admin', async () => {
    const colleague = await createStaffUser(t.ctx, 'agent');
    const self = await as(admin.cookie, `/api/v1/staff/${admin.id}/deactivate`, {
      method: 'POST',
      json: { handOverTo: colleague.staff.id },
    });
    expect(self.status).toBe(409);
    const gone = await createStaffUser(t.ctx, 'agent');
    await t.ctx.db.updateTable('staff').set({ active: false }).where('id', '=', gone.staff.id).execute();
    const toGone = await as(admin.cookie, `/api/v1/staff/${colleague.staff.id}/deactivate`, {
      method: 'POST',
      json: { handOverTo: gone.staff.id },
    });
    expect(toGone.status).toBe(400);
    // The only admin cannot be demoted (here through an admin API key, which has no "self").
    const demote = await t.api(`/api/v1/staff/${admin.id}`, { method: 'PATCH', json: { role: 'agent' } });
    expect(demote.status).toBe(409);
    expect((await demote.json()).error.message).toMatch(/last active admin/);
  });

  it('changes a role, effective on the next request, and audits it', async () => {
    const agent = await createStaffUser(t.ctx, 'agent');
    const cookie = await logInCookie(t, agent.staff.email, agent.password);
    expect((await as(cookie, '/api/v1/api-keys')).status).toBe(403);
    const changed = await as(admin.cookie, `/api/v1/staff/${agent.staff.id}`, {
      method: 'PATCH',
      json: { role: 'admin' },
    });
    expect((await changed.json()).role).toBe('admin');
    expect((await as(cookie, '/api/v1/api-keys')).status).toBe(200);
    const [entry] = await auditOf(agent.staff.id);
    expect(entry).toMatchObject({
      action: 'staff.update',
      actorId: admin.id,
      details: { changes: { role: { from: 'agent', to: 'admin' } } },
    });
  });

  it('lets an admin reset a password (all sessions end) and anyone change their own', async () => {
    const agent = await createStaffUser(t.ctx, 'agent');
    const first = await logInCookie(t, agent.staff.email, agent.password);
    const second = await logInCookie(t, agent.staff.email, agent.password);

    const wrong = await as(first, '/api/auth/password', {
      method: 'POST',
      json: { currentPassword: 'not-my-password', newPassword: 'a-brand-new-password' },
    });
    expect(wrong.status).toBe(400);
    const changed = await as(first, '/api/auth/password', {
      method: 'POST',
      json: { currentPassword: agent.password, newPassword: 'a-brand-new-password' },
    });
    expect(changed.status).toBe(204);
    expect(await me(first)).toBe(200); // the session that changed it stays
    expect(await me(second)).toBe(401); // every other one ends
    const third = await logInCookie(t, agent.staff.email, 'a-brand-new-password');

    const reset = await as(admin.cookie, `/api/v1/staff/${agent.staff.id}/password`, {
      method: 'POST',
      json: { password: 'set-by-the-admin-1' },
    });
    expect(reset.status).toBe(204);
    expect(await me(first)).toBe(401);
    expect(await me(third)).toBe(401);
    const fourth = await logInCookie(t, agent.staff.email, 'set-by-the-admin-1');
    const actions = (await auditOf(agent.staff.id)).map((e: AnyJson) => e.action);
    expect(actions).toEqual(['staff.password-reset', 'staff.password-change']);
    // An agent cannot reset someone else's password.
    const byAgent = await as(fourth, `/api/v1/staff/${admin.id}/password`, {
      method: 'POST',
      json: { password: 'taking-over-admin' },
    });
    expect(byAgent.status).toBe(403);
    // An admin API key may call the route but has no password of its own: 403, not a crash.
    const { key } = await createApiKey(t.ctx, { name: 'admin key', scopes: ['admin'] });
    const byKey = await t.api('/api/auth/password', {
      method: 'POST',
      headers: { authorization: `Bearer ${key}` },
      json: { currentPassword: 'whatever-it-is', newPassword: 'a-brand-new-password' },
    });
    expect(byKey.status).toBe(403);
    expect((await byKey.json()).error.message).toMatch(/signed-in staff member/);
  });

  it('ends a session after the idle timeout, and after the absolute one however busy', async () => {
    clock.set('2026-11-20T08:00:00Z');
    const agent = await createStaffUser(t.ctx, 'agent');
    const idle = await logInCookie(t, agent.staff.email, agent.password);
    const busy = await logInCookie(t, agent.staff.email, agent.password);
    // The busy session is used every 90 minutes; the idle one not after sign-in.
    for (const at of ['09:30', '11:00', '12:30']) {
      clock.set(`2026-11-20T${at}:00Z`);
      expect(await me(busy)).toBe(200);
    }
    expect(await me(idle)).toBe(401); // 4.5 h since its last request, idle limit 2 h
    for (const at of ['14:00', '15:30', '17:00', '18:30', '20:00', '21:30', '23:00']) {
      clock.set(`2026-11-20T${at}:00Z`);
      expect(await me(busy)).toBe(200);
    }
    for (const at of ['00:30', '02:00', '03:30', '05:00', '06:30', '07:59']) {
      clock.set(`2026-11-21T${at}:00Z`);
      expect(await me(busy)).toBe(200);
    }
    clock.set('2026-11-21T08:00:01Z'); // 24 h after sign-in, used a minute ago
    expect(await me(busy)).toBe(401);
  });
});

describe('cross-site requests with a session cookie', () => {
  it('refuses a change whose Origin is another site, or that names none; API keys are exempt', async () => {
    const agent = await createStaffUser(t.ctx, 'agent');
    const cookie = await logInCookie(t, agent.staff.email, agent.password);
    const create = (headers: Record<string, string>) =>
      fetch(`${t.url}/api/v1/customers`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ name: 'Forged' }),
      });
    const evil = await create({ cookie, origin: 'https://evil.example' });
    expect(evil.status).toBe(403);
    expect(((await evil.json()) as AnyJson).error.message).toMatch(/evil\.example/);
    // Same site, another port: a different origin.
    expect((await create({ cookie, origin: 'http://127.0.0.1:1' })).status).toBe(403);
    expect((await create({ cookie })).status).toBe(403);
    expect((await create({ cookie, referer: `${t.url}/customers` })).status).toBe(201);
    expect((await create({ cookie, origin: t.url })).status).toBe(201);
    expect((await create({ cookie, origin: t.ctx.config.publicUrl })).status).toBe(201);
    // Reads are not changes.
    expect(
      (await fetch(`${t.url}/api/v1/customers`, { headers: { cookie, origin: 'https://evil.example' } }))
        .status,
    ).toBe(200);
    // An API key is never sent by a browser on its own: no Origin needed.
    expect(
      (await create({ authorization: `Bearer ${t.adminKey}`, origin: 'https://evil.example' })).status,
    ).toBe(201);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AnyJson,
  createStaffUser,
  logInCookie,
  startTestApp,
  type TestApp,
} from '../../../test/helpers.ts';

// The audit log answers "who did what": every admin action, and one entry per look at a customer.

let t: TestApp;
let adminId: string;
let adminCookie: string;
beforeAll(async () => {
  t = await startTestApp();
  const admin = await createStaffUser(t.ctx, 'admin');
  adminId = admin.staff.id;
  adminCookie = await logInCookie(t, admin.staff.email, admin.password);
});
afterAll(() => t?.close());

const signedInAgent = async () => {
  const rep = await createStaffUser(t.ctx, 'agent');
  return { rep, cookie: await logInCookie(t, rep.staff.email, rep.password) };
};
const createCustomer = async (name: string) =>
  (await t.api('/api/v1/customers', { method: 'POST', json: { name } })).json();

const asAdmin = (path: string, init: RequestInit & { json?: unknown } = {}) =>
  t.api(path, { ...init, headers: { cookie: adminCookie } });

describe('audit log', () => {
  it('records staff, API-key and team changes with who made them', async () => {
    const staff = await (
      await asAdmin('/api/v1/staff', {
        method: 'POST',
        json: { email: 'new.rep@example.com', password: 'a-long-password', role: 'agent' },
      })
    ).json();
    const created = await (
      await asAdmin('/api/v1/api-keys', { method: 'POST', json: { name: 'shop', scopes: ['ingest'] } })
    ).json();
    expect((await asAdmin(`/api/v1/api-keys/${created.apiKey.id}`, { method: 'DELETE' })).status).toBe(200);
    const team = await (await asAdmin('/api/v1/teams', { method: 'POST', json: { name: 'Care' } })).json();
    await asAdmin(`/api/v1/teams/${team.id}`, { method: 'PATCH', json: { name: 'Customer care' } });
    await asAdmin(`/api/v1/teams/${team.id}/members`, {
      method: 'PUT',
      json: { members: [{ staffId: staff.id }] },
    });
    await asAdmin(`/api/v1/teams/${team.id}/coverage`, {
      method: 'PUT',
      json: { intervals: [{ weekday: 1, start: '09:00', end: '17:00' }] },
    });
    await asAdmin(`/api/v1/staff/${staff.id}/hours`, {
      method: 'PUT',
      json: { intervals: [{ weekday: 2, start: '08:00', end: '16:00' }] },
    });

    const audit = await (await t.api(`/api/v1/audit?actorId=${adminId}`)).json();
    const entries = audit.data.map((e: AnyJson) => `${e.action} ${e.target}`).reverse();
    expect(entries).toEqual([
      `staff.create ${staff.id}`,
      `api-key.create ${created.apiKey.id}`,
      `api-key.revoke ${created.apiKey.id}`,
      `team.create ${team.id}`,
      `team.update ${team.id}`,
      `team.members.set ${team.id}`,
      `team.coverage.set ${team.id}`,
      `staff.hours.set ${staff.id}`,
    ]);
    const keyEntry = audit.data.find((e: AnyJson) => e.action === 'api-key.create');
    expect(keyEntry.details).toEqual({ name: 'shop', scopes: ['ingest'] });
    expect(JSON.stringify(audit.data)).not.toContain('a-long-password');
    expect(JSON.stringify(audit.data)).not.toContain(created.key);
  });

  it('writes one entry for one look at a customer 360, listing what it read', async () => {
    const { rep, cookie } = await signedInAgent();
    const customer = await createCustomer('Ada');
    // What the 360 screen fetches: the profile, the timeline (all and contacts), open work.
    const reads = [
      `/api/v1/customers/${customer.id}`,
      `/api/v1/customers/${customer.id}/timeline`,
      `/api/v1/customers/${customer.id}/timeline?channel=phone,email`,
      `/api/v1/tasks?customerId=${customer.id}&status=open`,
      `/api/v1/cases?customerId=${customer.id}`,
    ];
    for (const path of reads) expect((await t.api(path, { headers: { cookie } })).status).toBe(200);

    const audit = await (
      await t.api(`/api/v1/audit?customerId=${customer.id}&actorId=${rep.staff.id}`)
    ).json();
    expect(audit.data).toHaveLength(1);
    expect(audit.data[0]).toMatchObject({
      action: 'customer.read',
      details: { alsoRead: ['customer.timeline.read'] },
    });

    // A change is always its own entry.
    await t.api(`/api/v1/customers/${customer.id}`, {
      method: 'PATCH',
      headers: { cookie },
      json: { timeZone: 'Europe/Paris' },
    });
    const after = await (
      await t.api(`/api/v1/audit?customerId=${customer.id}&actorId=${rep.staff.id}`)
    ).json();
    expect(after.data.map((e: AnyJson) => e.action)).toEqual(['customer.update', 'customer.read']);
  });

  it("writes a 360 read's entry before the response, without waiting for the buffer", async () => {
    const { rep, cookie } = await signedInAgent();
    const customer = await createCustomer('Grace');
    const missing = '00000000-0000-4000-8000-000000000000';
    expect((await t.api(`/api/v1/customers/${missing}`, { headers: { cookie } })).status).toBe(404);
    const other = await createCustomer('Alan');
    // Concurrent looks go into one insert; a second look moments later folds into the first.
    const statuses = await Promise.all(
      [customer.id, other.id, customer.id].map(
        async (id) => (await t.api(`/api/v1/customers/${id}`, { headers: { cookie } })).status,
      ),
    );
    expect(statuses).toEqual([200, 200, 200]);
    expect((await t.api(`/api/v1/customers/${customer.id}`, { headers: { cookie } })).status).toBe(200);

    // Read straight from the table: nothing here went through the read buffer's flush.
    const rows = await t.ctx.db
      .selectFrom('audit_log')
      .select(['action', 'customer_id', 'actor_kind', 'details'])
      .where('actor_id', '=', rep.staff.id)
      .orderBy('customer_id')
      .execute();
    expect(rows).toEqual(
      [customer.id, other.id].sort().map((id) => ({
        action: 'customer.read',
        customer_id: id,
        actor_kind: 'staff',
        details: {},
      })),
    );
  });
});

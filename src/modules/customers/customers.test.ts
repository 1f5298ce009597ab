import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaffUser, logInCookie, startTestApp, type TestApp } from '../../../test/helpers.ts';

let t: TestApp;
let cookie: string;
let staffId: string;
beforeAll(async () => {
  t = await startTestApp();
  const agent = await createStaffUser(t.ctx, 'agent', 'rep@example.com');
  staffId = agent.staff.id;
  cookie = await logInCookie(t, agent.staff.email, agent.password);
});
afterAll(() => t?.close());

async function newCustomer(body: Record<string, unknown>) {
  const res = await t.api('/api/v1/customers', { method: 'POST', json: body });
  expect(res.status).toBe(201);
  return res.json();
}

describe('customers', () => {
  it('records who changed what on the timeline and in the audit log', async () => {
    const c = await newCustomer({
      name: 'Marie Curie',
      emails: ['marie@example.com'],
      identities: [{ source: 'crm', externalId: 'MC-1' }],
    });
    const res = await t.api(`/api/v1/customers/${c.id}`, {
      method: 'PATCH',
      headers: { cookie },
      json: { timeZone: 'Europe/Paris', ownerId: staffId, customFields: { segment: 'vip' } },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      timeZone: 'Europe/Paris',
      ownerId: staffId,
      customFields: { segment: 'vip' },
    });

    const timeline = await (
      await t.api(`/api/v1/customers/${c.id}/timeline?kind=profile-update`, { headers: { cookie } })
    ).json();
    expect(timeline.data).toHaveLength(1);
    expect(timeline.data[0]).toMatchObject({
      kind: 'profile-update',
      channel: 'system',
      staffId,
      properties: {
        changes: { timeZone: { from: null, to: 'Europe/Paris' }, ownerId: { from: null, to: staffId } },
      },
    });

    // Nothing changed, nothing written.
    await t.api(`/api/v1/customers/${c.id}`, {
      method: 'PATCH',
      headers: { cookie },
      json: { timeZone: 'Europe/Paris' },
    });
    const again = await (await t.api(`/api/v1/customers/${c.id}/timeline?kind=profile-update`)).json();
    expect(again.data).toHaveLength(1);

    const audit = await (await t.api(`/api/v1/audit?customerId=${c.id}`)).json();
    const actions = audit.data.map(
      (a: { action: string; actorId: string }) => `${a.action}:${a.actorId === staffId ? 'rep' : 'key'}`,
    );
    expect(actions).toContain('customer.update:rep');
    expect(actions).toContain('customer.timeline.read:rep');
    expect(actions).toContain('customer.create:key');
  });

  it('refuses a bad time zone, an unknown owner and a stolen external id with clear messages', async () => {
    const c = await newCustomer({ name: 'Test Person' });
    const tz = await t.api(`/api/v1/customers/${c.id}`, {
      method: 'PATCH',
      json: { timeZone: 'Mars/Olympus' },
    });
    expect(tz.status).toBe(400);
    expect((await tz.json()).error.message).toMatch(/timeZone.*IANA/);
    const owner = await t.api(`/api/v1/customers/${c.id}`, {
      method: 'PATCH',
      json: { ownerId: '00000000-0000-4000-8000-000000000000' },
    });
    expect(owner.status).toBe(400);
    expect((await owner.json()).error.message).toMatch(/ownerId/);
    const ident = await t.api(`/api/v1/customers/${c.id}/identities`, {
      method: 'POST',
      json: { source: 'crm', externalId: 'MC-1' },
    });
    expect(ident.status).toBe(409);
  });

  it('answers unknown and malformed ids with 404 and 400', async () => {
    const unknown = await t.api('/api/v1/customers/00000000-0000-4000-8000-000000000000');
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({
      error: { code: 'not_found', message: 'Customer 00000000-0000-4000-8000-000000000000 does not exist' },
    });
    const malformed = await t.api('/api/v1/customers/not-a-uuid');
    expect(malformed.status).toBe(400);
    expect((await malformed.json()).error.message).toMatch(/params\.id/);
    const timeline = await t.api('/api/v1/customers/00000000-0000-4000-8000-000000000000/timeline');
    expect(timeline.status).toBe(404);
    const route = await t.api('/api/v1/nothing-here');
    expect(route.status).toBe(404);
    expect((await route.json()).error.code).toBe('not_found');
  });

  it('finds customers by part of a name, an email, or an external id', async () => {
    await newCustomer({
      name: 'Katherine Johnson',
      emails: ['kj@nasa.example'],
      identities: [{ source: 'shop', externalId: 'SHOP-77' }],
    });
    const names = async (q: string) =>
      (await (await t.api(`/api/v1/customers?query=${encodeURIComponent(q)}`)).json()).data.map(
        (c: { name: string }) => c.name,
      );
    expect(await names('therine')).toEqual(['Katherine Johnson']);
    expect(await names('KJ@NASA')).toEqual(['Katherine Johnson']);
    expect(await names('SHOP-77')).toEqual(['Katherine Johnson']);
    expect(await names('ka')).toEqual(['Katherine Johnson']);
    expect(await names('100%')).toEqual([]);
    const byExt = await (await t.api('/api/v1/customers?externalId=SHOP-77&idSource=shop')).json();
    expect(byExt.data[0].name).toBe('Katherine Johnson');
  });

  it('pages through a timeline with a cursor, newest first, filtered by channel and kind', async () => {
    const c = await newCustomer({ name: 'Timeline Person' });
    const events = Array.from({ length: 25 }, (_, i) => ({
      customerId: c.id,
      sourceId: `e-${i}`,
      channel: i % 2 ? 'phone' : 'email',
      kind: i % 2 ? 'call' : 'email',
      // Pairs share a timestamp so the cursor's tie-break on id matters.
      occurredAt: new Date(Date.UTC(2026, 0, 1 + Math.floor(i / 2))).toISOString(),
    }));
    await t.api('/api/v1/events', { method: 'POST', json: { events } });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { data: { sourceId: string; occurredAt: string }[]; nextCursor: string | null } = await (
        await t.api(`/api/v1/customers/${c.id}/timeline?limit=4${cursor ? `&cursor=${cursor}` : ''}`)
      ).json();
      seen.push(...page.data.map((d) => d.sourceId));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(25);
    expect(new Set(seen).size).toBe(25);
    const calls = await (
      await t.api(`/api/v1/customers/${c.id}/timeline?channel=phone&kind=call&limit=100`)
    ).json();
    expect(calls.data).toHaveLength(12);
    expect(calls.data[0].occurredAt > calls.data[11].occurredAt).toBe(true);
    const bad = await t.api(`/api/v1/customers/${c.id}/timeline?channel=pigeon`);
    expect(bad.status).toBe(400);
  });

  it('keeps the timeline append-only in the database itself', async () => {
    await expect(t.ctx.db.deleteFrom('interaction').execute()).rejects.toThrow(/append-only/);
    await expect(t.ctx.db.updateTable('interaction').set({ kind: 'x' }).execute()).rejects.toThrow(
      /append-only/,
    );
  });
});

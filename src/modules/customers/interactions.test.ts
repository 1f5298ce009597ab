import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaffUser, logInCookie, startTestApp, type TestApp } from '../../../test/helpers.ts';

let t: TestApp;
let cookie: string;
let repId: string;
let customerId: string;
beforeAll(async () => {
  t = await startTestApp();
  const rep = await createStaffUser(t.ctx, 'agent');
  repId = rep.staff.id;
  cookie = await logInCookie(t, rep.staff.email, rep.password);
  const res = await t.api('/api/v1/customers', { method: 'POST', json: { name: 'Grace Hopper' } });
  customerId = (await res.json()).id;
});
afterAll(() => t?.close());

const logCall = (body: Record<string, unknown>, id = customerId) =>
  t.api(`/api/v1/customers/${id}/interactions`, { method: 'POST', headers: { cookie }, json: body });

describe('POST /api/v1/customers/:id/interactions', () => {
  it('lets a signed-in rep log a call that lands on the timeline once, even when the form is sent twice', async () => {
    const call = {
      sourceId: randomUUID(),
      channel: 'phone',
      kind: 'call',
      direction: 'outbound',
      subject: 'Check-in call',
      body: 'Happy with the new plan; asked about delivery times.',
      sentiment: 1,
      properties: { outcome: 'positive' },
    };
    const first = await logCall(call);
    expect(first.status).toBe(201);
    const created = await first.json();
    expect(created).toMatchObject({
      status: 'accepted',
      interaction: {
        customerId,
        channel: 'phone',
        kind: 'call',
        staffId: repId,
        source: 'tenure-ui',
        sentiment: 1,
      },
    });

    const again = await logCall(call);
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({
      status: 'duplicate',
      interaction: { id: created.interaction.id },
    });

    const timeline = await (
      await t.api(`/api/v1/customers/${customerId}/timeline?kind=call`, { headers: { cookie } })
    ).json();
    expect(timeline.data).toHaveLength(1);
    expect(timeline.data[0]).toMatchObject({
      subject: 'Check-in call',
      staffId: repId,
      direction: 'outbound',
    });

    const c360 = await (await t.api(`/api/v1/customers/${customerId}`, { headers: { cookie } })).json();
    expect(c360.aggregates).toMatchObject({ lastContactChannel: 'phone', daysSinceLastContact: 0 });

    const audit = await (await t.api(`/api/v1/audit?customerId=${customerId}`)).json();
    const logged = audit.data.filter((a: { action: string }) => a.action === 'customer.interaction.log');
    expect(logged).toHaveLength(1);
    expect(logged[0].actorId).toBe(repId);
  });

  it('keeps a visit logged for an earlier time in its place on the timeline', async () => {
    const occurredAt = new Date(Date.now() - 3 * 86_400_000).toISOString();
    const res = await logCall({ sourceId: randomUUID(), channel: 'in-person', kind: 'visit', occurredAt });
    expect(res.status).toBe(201);
    expect((await res.json()).interaction.occurredAt).toBe(occurredAt);
  });

  it('explains what is wrong with a bad request', async () => {
    const future = new Date(Date.now() + 86_400_000).toISOString();
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ sourceId: randomUUID(), channel: 'phone', kind: 'call', occurredAt: future }, /occurredAt.*future/],
      [{ sourceId: 'not-a-uuid', channel: 'phone', kind: 'call' }, /sourceId/],
      [{ sourceId: randomUUID(), channel: 'system', kind: 'call' }, /channel/],
      [{ sourceId: randomUUID(), channel: 'phone', kind: 'Call Me' }, /kind/],
      [{ sourceId: randomUUID(), channel: 'phone', kind: 'call', sentiment: 3 }, /sentiment/],
    ];
    for (const [body, message] of cases) {
      const res = await logCall(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect((await res.json()).error.message).toMatch(message);
    }
    const unknown = await logCall({ sourceId: randomUUID(), channel: 'phone', kind: 'call' }, randomUUID());
    expect(unknown.status).toBe(404);
  });

  it('needs a session or a key with the write scope', async () => {
    const body = { sourceId: randomUUID(), channel: 'phone', kind: 'call' };
    const anonymous = await t.api(`/api/v1/customers/${customerId}/interactions`, {
      method: 'POST',
      headers: { cookie: '' },
      json: body,
    });
    expect(anonymous.status).toBe(401);
    const key = await (
      await t.api('/api/v1/api-keys', { method: 'POST', json: { name: 'reader', scopes: ['read'] } })
    ).json();
    const readOnly = await t.api(`/api/v1/customers/${customerId}/interactions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key.key}` },
      json: body,
    });
    expect(readOnly.status).toBe(403);
  });
});

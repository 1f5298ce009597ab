import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaffUser, logInCookie, startTestApp, type TestApp } from '../../../test/helpers.ts';
import { DAY_MS } from '../../kernel/clock.ts';
import { reserveContact } from './reserve-contact.ts';

let t: TestApp;
let now = new Date('2026-06-15T10:00:00Z');
const clock = { now: () => now };
beforeAll(async () => {
  t = await startTestApp({ clock });
});
afterAll(() => t?.close());

async function customer(): Promise<string> {
  const res = await t.api('/api/v1/customers', { method: 'POST', json: { name: 'Budget Person' } });
  return (await res.json()).id;
}
const ask = (
  customerId: string,
  reference: string,
  extra: { purpose?: string; channel?: string; reminderOf?: string } = {},
) =>
  reserveContact(
    { db: t.ctx.db, clock },
    {
      customerId,
      purpose: extra.purpose ?? 'survey',
      channel: extra.channel ?? 'email',
      reference,
      reminderOf: extra.reminderOf,
    },
  );

describe('the contact budget', () => {
  it('allows one survey per 30 days and says why it skips, in days', async () => {
    const c = await customer();
    expect(await ask(c, 'a')).toMatchObject({ allowed: true, repeated: false });
    now = new Date(now.getTime() + 12 * DAY_MS);
    expect(await ask(c, 'b')).toEqual({
      allowed: false,
      code: 'budget',
      reason: 'surveyed 12 days ago (at most 1 survey every 30 days)',
    });
    // The same reference again is the same reservation, not a second contact.
    expect(await ask(c, 'a')).toMatchObject({ allowed: true, repeated: true });
    now = new Date(now.getTime() + 19 * DAY_MS);
    expect(await ask(c, 'c')).toMatchObject({ allowed: true, repeated: false });
  });

  it('counts reminders separately and caps them', async () => {
    const c = await customer();
    await ask(c, 's1');
    expect(await ask(c, 's1:r1', { reminderOf: 's1' })).toMatchObject({ allowed: true });
    expect(await ask(c, 's1:r2', { reminderOf: 's1' })).toMatchObject({ allowed: true });
    expect(await ask(c, 's1:r3', { reminderOf: 's1' })).toEqual({
      allowed: false,
      code: 'reminders',
      reason: 'already reminded 2 time(s) (at most 2 reminders)',
    });
  });

  it('honours opt-outs per purpose and channel; a later, narrower choice overrides a wildcard', async () => {
    const c = await customer();
    const put = (json: object) =>
      t.api(`/api/v1/outreach/customers/${c}/preferences`, { method: 'PUT', json });
    expect(
      (await put({ purpose: '*', channel: 'email', allowed: false, note: 'said so on the phone' })).status,
    ).toBe(200);
    const skipped = await ask(c, 'x');
    expect(skipped).toMatchObject({ allowed: false, code: 'opted-out' });
    expect(skipped.allowed === false && skipped.reason).toMatch(
      /^opted out of surveys by email \(staff, 2026-/,
    );
    expect(await ask(c, 'y', { channel: 'sms' })).toMatchObject({ allowed: true });
    await put({ purpose: 'survey', channel: 'email', allowed: true });
    now = new Date(now.getTime() + 40 * DAY_MS);
    expect(await ask(c, 'z')).toMatchObject({ allowed: true });
    const prefs = await (await t.api(`/api/v1/outreach/customers/${c}/preferences`)).json();
    // "No email at all" set every purpose's email cell; the survey cell was granted again.
    expect(prefs.data.map((p: { purpose: string; state: string }) => `${p.purpose}:${p.state}`)).toEqual([
      'marketing:refused',
      'service:refused',
      'survey:granted',
    ]);
  });

  it('holds under concurrency: of 20 simultaneous reservations for one customer exactly one passes', async () => {
    const c = await customer();
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => ask(c, `race-${i}`)));
    expect(results.filter((r) => r.allowed)).toHaveLength(1);
    expect(
      results.filter((r) => !r.allowed).every((r) => !r.allowed && r.reason.startsWith('surveyed today')),
    ).toBe(true);
    const contacts = await (await t.api(`/api/v1/outreach/customers/${c}/contacts`)).json();
    expect(contacts.data).toHaveLength(1);
  });

  it('lets admins change the rules, including a cap across all purposes, and nobody else', async () => {
    const agent = await createStaffUser(t.ctx, 'agent');
    const cookie = await logInCookie(t, agent.staff.email, agent.password);
    const denied = await t.api('/api/v1/outreach/rules/*', {
      method: 'PUT',
      headers: { cookie },
      json: { windowDays: 7, maxContacts: 1, maxReminders: 0 },
    });
    expect(denied.status).toBe(403);
    const ok = await t.api('/api/v1/outreach/rules/*', {
      method: 'PUT',
      json: { windowDays: 7, maxContacts: 1, maxReminders: 0 },
    });
    expect(ok.status).toBe(200);
    const rules = await (await t.api('/api/v1/outreach/rules')).json();
    expect(rules.data.map((r: { purpose: string }) => r.purpose)).toEqual(['*', 'survey']);
    const c = await customer();
    expect(await ask(c, 'n1', { purpose: 'newsletter' })).toMatchObject({ allowed: true });
    expect(await ask(c, 's1')).toEqual({
      allowed: false,
      code: 'budget',
      reason: 'contacted today (at most 1 contact every 7 days)',
    });
    expect((await t.api('/api/v1/outreach/rules/*', { method: 'DELETE' })).status).toBe(204);
    expect(await ask(c, 's2')).toMatchObject({ allowed: true });
  });
});

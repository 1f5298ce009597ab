import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../../test/helpers.ts';
import { startSmtpServer, type TestSmtp } from '../../../../test/smtp.ts';
import { recordInteractions } from '../../customers/index.ts';
import { createCustomerApi } from '../../feedback/testing.ts';
import { armDraw } from '../uplift/assign-arm.ts';
import { deliverWinbackEmail } from './deliver-winback-email.ts';
import { WINBACK_PROGRAM_ID } from './tables.ts';
import { runWinbackJob } from './winback-job.ts';

// Monday 4 March 2030, 10:00 UTC: inside the 09:00–17:00 window for customers in UTC.
let now = new Date('2030-03-04T10:00:00Z');
const clock = { now: () => now };
const DAY = 86_400_000;
let t: TestApp;
let smtp: TestSmtp;
beforeAll(async () => {
  smtp = await startSmtpServer();
  t = await startTestApp({ clock, config: { smtpUrl: smtp.url, mailFrom: 'Acme <hello@acme.example>' } });
  t.ctx.config.publicUrl = t.url;
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

type AnyJson = any;
const json = async (path: string, init?: Parameters<TestApp['api']>[1]) => {
  const res = await t.api(path, init);
  return { status: res.status, body: (await res.json()) as AnyJson };
};
const settings = {
  subject: 'We miss you, {{ customer.firstName }}',
  body: 'Hi {{ customer.firstName }},\n\n{% if offer %}Your code: {{ offer.code }}{% endif %}',
  holdoutShare: 0,
  active: true,
};
const lapsedCustomer = async (body: Record<string, unknown>) => {
  const id = await createCustomerApi(t, body);
  await t.ctx.db.updateTable('customer').set({ status: 'lapsed' }).where('id', '=', id).execute();
  return id;
};
const purchaseItem = (customerId: string, sourceId: string, at: Date, amountMinor: number) => ({
  customer: { id: customerId },
  source: 'shop',
  sourceId,
  channel: 'web' as const,
  kind: 'purchase',
  direction: 'inbound' as const,
  occurredAt: at,
  amountMinor,
  currency: 'EUR',
});
const purchase = (customerId: string, sourceId: string, at: Date, amountMinor: number) =>
  recordInteractions(t.ctx, [purchaseItem(customerId, sourceId, at, amountMinor)]);
const runs = () => t.ctx.db.selectFrom('winback_run').select('id').execute();

describe('win-back', () => {
  it('refuses bad settings and a run with a broken template, sending nothing', async () => {
    const bad = await t.ctx.db
      .insertInto('segment')
      .values({
        id: '019aaaaa-0000-7000-8000-000000000001',
        name: 'Broken',
        definition: JSON.stringify({ match: 'all', conditions: [{ field: 'pAlvie', op: 'lt', value: 0.5 }] }),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const before = (await json('/api/v1/winback/settings')).body;
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ body: 'Hi {{ customer.name ' }, /body: the Liquid template does not parse/],
      [{ subject: '{{ customer.name | shout }}' }, /subject: .*shout/],
      [{ segmentId: bad.id }, /unknown field "pAlvie". Did you mean "pAlive"/],
      [
        { sendWindow: { start: '02:00', end: '02:30' }, defaultTimeZone: 'Europe/Berlin' },
        /02:00–02:30 does not exist in Europe\/Berlin on 2030-03-31/,
      ],
      [{ defaultTimeZone: 'Mars/Olympus' }, /IANA time zone/],
      [{ sendWindow: { start: '17:00', end: '09:00' } }, /start must be before the end/],
      [{ reactivationDays: 0 }, /reactivationDays/],
      [{ pAliveBelow: null, includeLapsed: false }, /segmentId: name a segment/],
    ];
    for (const [over, message] of cases) {
      const res = await json('/api/v1/winback/settings', { method: 'PUT', json: { ...settings, ...over } });
      expect(res.status, JSON.stringify(over)).toBe(400);
      expect(JSON.stringify(res.body).replace(/\\"/g, '"')).toMatch(message);
    }
    expect((await json('/api/v1/winback/settings')).body).toEqual(before);
    // A template broken behind the API's back stops the run before anyone is contacted.
    await t.ctx.db.updateTable('winback_settings').set({ body: '{% if x %}never closed' }).execute();
    const run = await json('/api/v1/winback/run', { method: 'POST', json: {} });
    expect(run.status).toBe(400);
    expect(run.body.error.message).toMatch(/body: the Liquid template does not parse/);
    expect(await runs()).toEqual([]);
    expect(smtp.messages).toHaveLength(0);
    await t.ctx.db.updateTable('winback_settings').set({ body: before.body }).execute();
  });

  it('emails a customer who refused phone calls (never a call), says why others get a task, counts a reactivation once', async () => {
    const offer = await json('/api/v1/offers', {
      method: 'POST',
      json: { name: 'Welcome back', codeSource: 'generated', codePrefix: 'BACK' },
    });
    expect(offer.status).toBe(201);
    const pat = await lapsedCustomer({
      name: 'Pat Noble',
      emails: ['pat@wb.example'],
      phones: ['+1 555 0100'],
    });
    const quinn = await lapsedCustomer({
      name: 'Quinn Ray',
      emails: ['quinn@wb.example'],
      phones: ['+1 555 0101'],
    });
    const refuse = (id: string, cells: { channel: string; purpose: string }[]) =>
      json(`/api/v1/outreach/customers/${id}/consent`, {
        method: 'PUT',
        json: { cells: cells.map((c) => ({ ...c, state: 'refused' })), source: 'told a rep' },
      });
    const everyPurpose = (channel: string) =>
      ['service', 'survey', 'marketing'].map((purpose) => ({ channel, purpose }));
    expect((await refuse(pat, everyPurpose('phone'))).status).toBe(200);
    expect((await refuse(quinn, [{ channel: 'email', purpose: 'marketing' }])).status).toBe(200);

    // The morning call list over the same customers: Pat is down for an email, never a call.
    const segment = await json('/api/v1/segments', {
      method: 'POST',
      json: {
        name: 'Lapsed',
        definition: { match: 'all', conditions: [{ field: 'status', op: 'is', value: 'lapsed' }] },
      },
    });
    const list = await json('/api/v1/call-lists', {
      method: 'POST',
      json: { name: 'Check-ins', segmentId: segment.body.id, capPerRep: 10, holdoutShare: 0 },
    });
    expect((await json(`/api/v1/call-lists/${list.body.id}/build`, { method: 'POST' })).status).toBe(200);
    const items = await t.ctx.db.selectFrom('call_item').selectAll().where('customer_id', '=', pat).execute();
    expect(items.map((i) => i.channel)).toEqual(['email']);
    const patRefusals = await json(`/api/v1/outreach/customers/${pat}/refusals`);
    expect(patRefusals.body.data[0].reason).toMatch(
      /opted out of service messages by phone calls \(told a rep/,
    );

    const saved = await json('/api/v1/winback/settings', {
      method: 'PUT',
      json: { ...settings, offerId: offer.body.id },
    });
    expect(saved.status).toBe(200);

    // The dry run tells the truth and stores nothing: no run, no refusal, no code, no job.
    const dry = await json('/api/v1/winback/run', { method: 'POST', json: { dryRun: true } });
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({
      id: null,
      dryRun: true,
      results: { eligible: 2, pending: 1, contacted: 1 },
    });
    const planned = (id: string) => dry.body.items.find((i: AnyJson) => i.customerId === id);
    expect(planned(pat)).toMatchObject({ channel: 'email', status: 'pending', reason: null, arm: 'treated' });
    expect(planned(quinn)).toMatchObject({ channel: 'sms', status: 'task' });
    expect(planned(quinn).reason).toMatch(
      /^no email: sms instead \(opted out of newsletters and offers by email \(told a rep/,
    );
    expect(await runs()).toEqual([]);
    const winbackRefusals = () =>
      t.ctx.db
        .selectFrom('contact_refusal')
        .select('reason')
        .where('reference', 'like', 'win-back:%')
        .execute();
    expect(await winbackRefusals()).toEqual([]);
    expect(await t.ctx.db.selectFrom('offer_code').select('code').execute()).toEqual([]);

    const run = await json('/api/v1/winback/run', { method: 'POST', json: {} });
    expect(run.status).toBe(200);
    expect(run.body.results).toMatchObject({ eligible: 2, pending: 1, contacted: 1, heldOut: 0 });
    const runId = run.body.id as string;
    const pending = await t.ctx.db
      .selectFrom('winback_contact')
      .select('id')
      .where('customer_id', '=', pat)
      .executeTakeFirstOrThrow();
    expect((await deliverWinbackEmail(t.ctx, { contactId: pending.id })).status).toBe('sent');
    await smtp.received(1);
    const mail = smtp.messages[0];
    expect(mail?.to && !Array.isArray(mail.to) && mail.to.text).toBe('pat@wb.example');
    expect(mail?.subject).toBe('We miss you, Pat');
    const code = (
      await t.ctx.db
        .selectFrom('offer_code')
        .select('code')
        .where('customer_id', '=', pat)
        .executeTakeFirstOrThrow()
    ).code;
    expect(mail?.text).toContain(`Your code: ${code}`);
    expect(mail?.text).toContain(`${t.url}/u/`);
    // A second delivery (a retried job) sends nothing more.
    expect((await deliverWinbackEmail(t.ctx, { contactId: pending.id })).status).toBe('sent');
    expect(smtp.messages).toHaveLength(1);

    // Quinn's refusal reason is visible through the API, on the run and in her refusals.
    const detail = await json(`/api/v1/winback/runs/${runId}`);
    const q = detail.body.items.find((i: AnyJson) => i.customerId === quinn);
    expect(q).toMatchObject({ channel: 'sms', status: 'task', offerCode: expect.stringMatching(/^BACK-/) });
    const refusals = await json(`/api/v1/outreach/customers/${quinn}/refusals`);
    expect(refusals.body.data.map((r: AnyJson) => r.reason).join()).toMatch(
      /opted out of newsletters and offers by email/,
    );

    // Reactivation: the first purchase within 30 days counts once; a duplicate delivery and a
    // second purchase add no reactivation (the second adds revenue); one after 30 days nothing.
    // Both purchases come in one batch, the later one first: the batch counts as one by one.
    await recordInteractions(t.ctx, [
      purchaseItem(pat, 'order-2', new Date(now.getTime() + 9 * DAY), 1_500),
      purchaseItem(pat, 'order-1', new Date(now.getTime() + 5 * DAY), 4_000),
    ]);
    await purchase(pat, 'order-1', new Date(now.getTime() + 5 * DAY), 4_000);
    await purchase(quinn, 'order-3', new Date(now.getTime() + 31 * DAY), 9_900);
    const after = await json('/api/v1/winback/runs');
    const row = after.body.data.find((r: AnyJson) => r.id === runId);
    expect(row.results).toMatchObject({
      contacted: 2,
      reactivated: { treated: 1, heldOut: 0 },
      revenueMinor: { treated: 5_500, heldOut: 0 },
    });
    const patContact = await t.ctx.db
      .selectFrom('winback_contact')
      .select(['reactivated_at', 'currency'])
      .where('customer_id', '=', pat)
      .executeTakeFirstOrThrow();
    expect(patContact).toEqual({ reactivated_at: new Date(now.getTime() + 5 * DAY), currency: 'EUR' });
    // An SMS to Quinn logged by the rep ticks the task off.
    await recordInteractions(t.ctx, [
      {
        customer: { id: quinn },
        source: 'crm',
        sourceId: 'sms-1',
        channel: 'sms',
        kind: 'message',
        direction: 'outbound',
        occurredAt: new Date(now.getTime() + 60_000),
      },
    ]);
    const done = await json(`/api/v1/winback/runs/${runId}?status=done`);
    expect(done.body.items.map((i: AnyJson) => i.customerId)).toEqual([quinn]);
  });

  it('holds out a share of customers, measures both arms, and the uplift report includes the play', async () => {
    now = new Date(now.getTime() + DAY);
    expect(
      (await json('/api/v1/winback/settings', { method: 'PUT', json: { ...settings, holdoutShare: 0.5 } }))
        .status,
    ).toBe(200);
    const ids: string[] = [];
    for (let i = 0; i < 30; i++)
      ids.push(await lapsedCustomer({ name: `Hold ${i}`, emails: [`h${i}@hold.example`] }));
    const expectedHeld = ids.filter((id) => armDraw(WINBACK_PROGRAM_ID, id) < 0.5);
    await runWinbackJob.handle(t.ctx, {});
    await runWinbackJob.handle(t.ctx, {}); // a retried job: still one run today
    const scheduled = await t.ctx.db
      .selectFrom('winback_run')
      .selectAll()
      .where('trigger', '=', 'schedule')
      .execute();
    expect(scheduled).toHaveLength(1);
    const contacts = await t.ctx.db
      .selectFrom('winback_contact')
      .selectAll()
      .where('run_id', '=', scheduled[0]?.id as string)
      .execute();
    // Pat and Quinn are within the cooldown: only the 30 new customers.
    expect(contacts).toHaveLength(30);
    const held = contacts.filter((c) => c.status === 'held-out');
    expect(held.map((c) => c.customer_id).sort()).toEqual([...expectedHeld].sort());
    expect(held.every((c) => c.arm === 'held-out' && c.reason?.includes('would have been contacted'))).toBe(
      true,
    );
    expect(contacts.filter((c) => c.status === 'pending')).toHaveLength(30 - expectedHeld.length);
    // A held-out customer who comes back is counted in the held-out arm.
    await purchase(held[0]?.customer_id as string, 'order-h', new Date(now.getTime() + 2 * DAY), 2_000);
    const res = (await json('/api/v1/winback/runs')).body;
    const r = res.data.find((x: AnyJson) => x.id === scheduled[0]?.id);
    expect(r.results).toMatchObject({
      heldOut: expectedHeld.length,
      reactivated: { treated: 0, heldOut: 1 },
    });
    expect(res.uplift.program.kind).toBe('win-back');
    const uplift = await json('/api/v1/outreach/uplift?kind=win-back');
    expect(uplift.body.data.map((p: AnyJson) => p.program.id)).toEqual([WINBACK_PROGRAM_ID]);
    expect(uplift.body.data[0].arms.heldOut.customers).toBe(expectedHeld.length);
  });
});

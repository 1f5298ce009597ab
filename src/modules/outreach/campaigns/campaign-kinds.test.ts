import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../../test/helpers.ts';
import { startSmtpServer, type TestSmtp } from '../../../../test/smtp.ts';
import { recordInteractions } from '../../customers/index.ts';
import { createCustomerApi } from '../../feedback/testing.ts';
import { deliverCampaignSend } from './deliver-campaign-send.ts';
import { launchDueRuns } from './launch-due-runs.ts';
import { launchRun } from './launch-run.ts';
import { checkSegmentEntries } from './segment-entry.ts';

// Monday 4 March 2030, 06:00 UTC: 15:00 in Tokyo, 01:00 in New York, 20:00 in Kiritimati.
let now = new Date('2030-03-04T06:00:00Z');
const clock = { now: () => now };
let t: TestApp;
let smtp: TestSmtp;

beforeAll(async () => {
  smtp = await startSmtpServer();
  t = await startTestApp({ clock, config: { smtpUrl: smtp.url, mailFrom: 'Acme <news@acme.example>' } });
  t.ctx.config.publicUrl = t.url;
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

const json = async (path: string, init?: Parameters<TestApp['api']>[1]) => {
  const res = await t.api(path, init);
  return { status: res.status, body: await res.json() };
};
const segmentOf = async (name: string, domain: string) =>
  (
    await json('/api/v1/segments', {
      method: 'POST',
      json: {
        name,
        definition: { match: 'all', conditions: [{ field: 'email', op: 'contains', value: domain }] },
      },
    })
  ).body.id as string;
const createCampaign = async (over: Record<string, unknown>) => {
  const res = await json('/api/v1/campaigns', {
    method: 'POST',
    json: { name: 'C', subject: 'Hi {{ customer.firstName }}', body: 'Hello', holdoutShare: 0, ...over },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; programId: string };
};
const runsOf = (campaignId: string) =>
  t.ctx.db
    .selectFrom('campaign_run')
    .selectAll()
    .where('campaign_id', '=', campaignId)
    .orderBy('occurrence')
    .execute();
const sendsOf = (campaignId: string) =>
  t.ctx.db.selectFrom('campaign_send').selectAll().where('campaign_id', '=', campaignId).execute();
const mailTo = (address: string) =>
  smtp.messages.filter((m) => m.to && !Array.isArray(m.to) && m.to.text === address);

describe('campaign kinds', () => {
  it('refuses schedules, delays and triggers that cannot work, creating nothing', async () => {
    const segmentId = await segmentOf('Nobody', '@nobody.example');
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ kind: 'recurring' }, /a recurring campaign needs a schedule/],
      [{ kind: 'recurring', schedule: { every: 'month', day: 31, at: '10:00' } }, /schedule/],
      [
        { kind: 'recurring', schedule: { every: 'week', weekday: 1, at: '20:00' } },
        /outside the send window/,
      ],
      [
        { kind: 'triggered', trigger: { on: 'event', eventKind: 'purchse', delayMinutes: 0 } },
        /unknown event kind/,
      ],
      [{ kind: 'triggered', trigger: { on: 'segment', delayMinutes: 600_000 } }, /at most 365 days/],
      [{ kind: 'triggered', trigger: { on: 'segment', delayMinutes: -1 } }, /delayMinutes/],
      [{ schedule: { every: 'week', weekday: 1, at: '10:00' } }, /a one-off campaign has no schedule/],
    ];
    for (const [over, message] of cases) {
      const res = await json('/api/v1/campaigns', {
        method: 'POST',
        json: { name: 'Bad', segmentId, subject: 'Hi', body: 'Hi', ...over },
      });
      expect(res.status, JSON.stringify(over)).toBe(400);
      expect(JSON.stringify(res.body)).toMatch(message);
    }
    expect((await json('/api/v1/campaigns')).body.data).toEqual([]);
  });

  it('launches each recurring occurrence once, in each customer’s local time, arms kept across runs', async () => {
    const tokyo = await createCustomerApi(t, {
      name: 'Aiko R',
      emails: ['aiko@rec.example'],
      timeZone: 'Asia/Tokyo',
    });
    const ny = await createCustomerApi(t, {
      name: 'Ben R',
      emails: ['ben@rec.example'],
      timeZone: 'America/New_York',
    });
    for (let i = 0; i < 20; i++)
      await createCustomerApi(t, { name: `R ${i}`, emails: [`r${i}@rec.example`] });
    const segmentId = await segmentOf('Recurring', '@rec.example');
    const c = await createCampaign({
      name: 'Monthly newsletter',
      segmentId,
      kind: 'recurring',
      schedule: { every: 'month', day: 4, at: '10:00' },
      holdoutShare: 0.5,
    });
    expect(await json(`/api/v1/campaigns/${c.id}/launch`, { method: 'POST' })).toEqual({
      status: 202,
      body: { status: 'active' },
    });
    expect((await json(`/api/v1/campaigns/${c.id}/launch`, { method: 'POST' })).status).toBe(409);
    // Two workers at once, then a restart: the 4 March occurrence starts once.
    const [a, b] = await Promise.all([launchDueRuns(t.ctx), launchDueRuns(t.ctx)]);
    expect([...a.launched, ...b.launched]).toEqual([`${c.id}:2030-03-04`]);
    expect((await launchDueRuns(t.ctx)).launched).toEqual([]);
    const [march] = await runsOf(c.id);
    if (!march) throw new Error('no run');
    await Promise.all([launchRun(t.ctx, { runId: march.id }), launchRun(t.ctx, { runId: march.id })]);
    const marchSends = await sendsOf(c.id);
    expect(marchSends).toHaveLength(22);
    const of = (id: string) => marchSends.find((s) => s.customer_id === id);
    // 10:00 in Tokyo has passed (now); 10:00 in New York is 15:00 UTC.
    if (of(tokyo)?.status === 'pending') expect(of(tokyo)?.planned_for).toEqual(now);
    if (of(ny)?.status === 'pending') expect(of(ny)?.planned_for).toEqual(new Date('2030-03-04T15:00:00Z'));
    // Customers without a zone get it at 10:00 UTC, later today.
    const utcPending = marchSends.filter(
      (s) => s.status === 'pending' && s.customer_id !== tokyo && s.customer_id !== ny,
    );
    expect(utcPending.length).toBeGreaterThan(0);
    for (const s of utcPending) expect(s.planned_for).toEqual(new Date('2030-03-04T10:00:00Z'));
    // Nothing more is due until 4 April.
    now = new Date('2030-03-20T06:00:00Z');
    expect((await launchDueRuns(t.ctx)).launched).toEqual([]);
    now = new Date('2030-04-04T06:00:00Z');
    expect((await launchDueRuns(t.ctx)).launched).toEqual([`${c.id}:2030-04-04`]);
    const april = (await runsOf(c.id))[1];
    if (!april) throw new Error('no April run');
    await launchRun(t.ctx, { runId: april.id });
    const all = await sendsOf(c.id);
    const aprilSends = all.filter((s) => s.run_id === april.id);
    expect(aprilSends).toHaveLength(22);
    // The same customer is in the same arm in both runs.
    for (const s of aprilSends)
      expect(s.arm).toBe(marchSends.find((m) => m.customer_id === s.customer_id)?.arm);
    const held = aprilSends.filter((s) => s.arm === 'held-out').length;
    expect(held).toBeGreaterThan(0);
    expect(held).toBeLessThan(22);
    const view = (await json(`/api/v1/campaigns/${c.id}`)).body;
    expect(view.runs.map((r: { occurrence: string }) => r.occurrence).sort()).toEqual([
      '2030-03-04',
      '2030-04-04',
    ]);
    expect(view.runs[0].results).toMatchObject({ eligible: 22, heldOut: held });
    expect(view.results).toMatchObject({ eligible: 44, heldOut: 2 * held });
    now = new Date('2030-03-04T06:00:00Z');
  });

  it('sends "30 days after the first purchase" once, after the delay, in the local window', async () => {
    const segmentId = await segmentOf('Buyers', '@buy.example');
    const c = await createCampaign({
      name: 'Thirty days on',
      segmentId,
      kind: 'triggered',
      trigger: { on: 'event', eventKind: 'purchase', firstOnly: true, delayMinutes: 30 * 24 * 60 },
    });
    expect((await json(`/api/v1/campaigns/${c.id}/launch`, { method: 'POST' })).body).toEqual({
      status: 'active',
    });
    const newbie = await createCustomerApi(t, {
      name: 'Nina New',
      emails: ['nina@buy.example'],
      timeZone: 'Asia/Tokyo',
    });
    const regular = await createCustomerApi(t, { name: 'Rob Old', emails: ['rob@buy.example'] });
    const purchase = (customerId: string, sourceId: string, occurredAt: Date) =>
      recordInteractions(t.ctx, [
        {
          customer: { id: customerId },
          source: 'shop',
          sourceId,
          channel: 'web',
          kind: 'purchase',
          direction: 'inbound',
          occurredAt,
          amountMinor: 1000,
          currency: 'EUR',
        },
      ]);
    // Rob bought before: his purchase today is not his first.
    await purchase(regular, 'rob-1', new Date('2029-06-01T10:00:00Z'));
    await purchase(regular, 'rob-2', now);
    await purchase(newbie, 'nina-1', now);
    // A replay of the same order and a second order trigger nothing more.
    await purchase(newbie, 'nina-1', now);
    await purchase(newbie, 'nina-2', new Date(now.getTime() + 3_600_000));
    const sends = await sendsOf(c.id);
    expect(sends.map((s) => s.customer_id)).toEqual([newbie]);
    const [send] = sends;
    if (!send) throw new Error('no send');
    // 30 days after 4 March 15:00 in Tokyo: 3 April 15:00 Tokyo, inside 09:00–17:00.
    expect(send.planned_for).toEqual(new Date('2030-04-03T06:00:00Z'));
    expect(await deliverCampaignSend(t.ctx, { sendId: send.id })).toMatchObject({ status: 'not-yet' });
    expect(mailTo('nina@buy.example')).toHaveLength(0);
    now = new Date('2030-04-03T06:00:00Z');
    expect(await deliverCampaignSend(t.ctx, { sendId: send.id })).toEqual({ status: 'sent' });
    expect(await deliverCampaignSend(t.ctx, { sendId: send.id })).toMatchObject({ status: 'sent' });
    expect(mailTo('nina@buy.example')).toHaveLength(1);
    expect(mailTo('rob@buy.example')).toHaveLength(0);
    now = new Date('2030-03-04T06:00:00Z');
  });

  it('sends on entering a segment, once, and not to those already in at launch', async () => {
    const early = await createCustomerApi(t, { name: 'Eli Early', emails: ['eli@vip.example'] });
    const segmentId = await segmentOf('VIP', '@vip.example');
    const c = await createCampaign({
      name: 'Welcome to VIP',
      segmentId,
      kind: 'triggered',
      trigger: { on: 'segment', delayMinutes: 60 },
    });
    expect((await json(`/api/v1/campaigns/${c.id}/launch`, { method: 'POST' })).status).toBe(202);
    // Before the launch run recorded who is in, the diff waits.
    expect(await checkSegmentEntries(t.ctx)).toEqual({ entered: 0 });
    const [run] = await runsOf(c.id);
    if (!run) throw new Error('no run');
    await launchRun(t.ctx, { runId: run.id });
    expect(await checkSegmentEntries(t.ctx)).toEqual({ entered: 0 });
    const vera = await createCustomerApi(t, { name: 'Vera New', emails: ['vera@vip.example'] });
    const [first, second] = await Promise.all([checkSegmentEntries(t.ctx), checkSegmentEntries(t.ctx)]);
    expect((first?.entered ?? 0) + (second?.entered ?? 0)).toBe(1);
    expect(await checkSegmentEntries(t.ctx)).toEqual({ entered: 0 });
    const sends = await sendsOf(c.id);
    expect(sends.map((s) => s.customer_id)).toEqual([vera]);
    expect(sends.some((s) => s.customer_id === early)).toBe(false);
    // 06:00 UTC + 60 minutes, inside her UTC window from 09:00.
    expect(sends[0]?.planned_for).toEqual(new Date('2030-03-04T09:00:00Z'));
    now = new Date('2030-03-04T09:00:00Z');
    expect(await deliverCampaignSend(t.ctx, { sendId: sends[0]?.id ?? '' })).toEqual({ status: 'sent' });
    expect(mailTo('vera@vip.example')[0]?.subject).toBe('Hi Vera');
    now = new Date('2030-03-04T06:00:00Z');
  });
});

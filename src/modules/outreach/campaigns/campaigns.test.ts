import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaffUser, logInCookie, startTestApp, type TestApp } from '../../../../test/helpers.ts';
import { startSmtpServer, type TestSmtp } from '../../../../test/smtp.ts';
import { recordInteractions } from '../../customers/index.ts';
import { deliverSend } from '../../feedback/deliver-send.ts';
import { createCustomerApi, createSurveyApi, eventually, npsSurvey } from '../../feedback/testing.ts';
import { eraseCustomer, exportCustomerData } from '../../privacy/index.ts';
import { armDraw } from '../uplift/assign-arm.ts';
import { deliverCampaignSend, deliverCampaignSendJob } from './deliver-campaign-send.ts';
import { launchRun, launchRunJob } from './launch-run.ts';

// Monday 4 March 2030, 06:00 UTC: 15:00 in Tokyo (inside 09:00–17:00), 01:00 in New York (outside).
let now = new Date('2030-03-04T06:00:00Z');
const clock = { now: () => now };
let t: TestApp;
let smtp: TestSmtp;
beforeAll(async () => {
  smtp = await startSmtpServer({ refuse: ['gone@camp.example'] });
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
const mailTo = (address: string) =>
  smtp.messages.filter((m) => m.to && !Array.isArray(m.to) && m.to.text === address);
const sendsOf = (campaignId: string) =>
  t.ctx.db.selectFrom('campaign_send').selectAll().where('campaign_id', '=', campaignId).execute();
/** Launches through the API (202) and runs the launch job here, as the worker would. */
const launch = async (campaignId: string) => {
  const res = await json(`/api/v1/campaigns/${campaignId}/launch`, { method: 'POST' });
  expect(res).toEqual({ status: 202, body: { status: 'scheduled' } });
  const runs = await t.ctx.db
    .selectFrom('campaign_run')
    .select('id')
    .where('campaign_id', '=', campaignId)
    .execute();
  for (const r of runs) await launchRun(t.ctx, { runId: r.id });
  const results = (await json(`/api/v1/campaigns/${campaignId}`)).body.results;
  return {
    eligible: results.eligible,
    treated: results.eligible - results.heldOut,
    heldOut: results.heldOut,
  };
};
const body = [
  'Hi {{ customer.firstName | default: "there" }},',
  '',
  'Your last order ({{ lastPurchase.date }}, {{ lastPurchase.amount }}) is ready for spring: https://shop.example/spring?x=1.',
  '',
  '{{ owner.signature }}',
].join('\n');

describe('one-off campaigns', () => {
  it('refuses bad Liquid and windows that do not exist, creating nothing', async () => {
    const segmentId = await segmentOf('Nobody', '@nobody.example');
    const base = { name: 'Bad', segmentId, subject: 'Hello', body: 'Hi' };
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ body: 'Hi {{ customer.name ' }, /body: the Liquid template does not parse/],
      [{ subject: 'Hi {{ customer.name | shout }}' }, /subject: .*shout/],
      [{ body: '{% if x %}never closed' }, /body: the Liquid template does not parse/],
      [{ sendWindow: { start: '17:00', end: '09:00' } }, /start must be before the end/],
      [{ sendWindow: { start: '09:00', end: '24:30' } }, /HH:MM/],
      [{ holdoutShare: 0.9 }, /holdoutShare/],
    ];
    for (const [over, message] of cases) {
      const res = await json('/api/v1/campaigns', { method: 'POST', json: { ...base, ...over } });
      expect(res.status, JSON.stringify(over)).toBe(400);
      expect(JSON.stringify(res.body)).toMatch(message);
    }
    expect((await json('/api/v1/campaigns')).body.data).toEqual([]);
    const programs = await t.ctx.db
      .selectFrom('outreach_program')
      .select('id')
      .where('kind', '=', 'campaign')
      .execute();
    expect(programs).toEqual([]);
  });

  it('sends a newsletter inside each customer’s local window, through consent and the shared budget', async () => {
    const { staff: owner } = await createStaffUser(t.ctx, 'manager', 'rita@acme.example');
    await t.ctx.db.updateTable('staff').set({ name: 'Rita Owner' }).where('id', '=', owner.id).execute();
    const aiko = await createCustomerApi(t, {
      name: 'Aiko Tanaka',
      emails: ['aiko@camp.example'],
      timeZone: 'Asia/Tokyo',
      ownerId: owner.id,
    });
    const ben = await createCustomerApi(t, {
      name: 'Ben Miller',
      emails: ['ben@camp.example'],
      timeZone: 'America/New_York',
    });
    const cara = await createCustomerApi(t, {
      name: 'Cara Diaz',
      emails: ['cara@camp.example'],
      timeZone: 'Asia/Tokyo',
    });
    const dan = await createCustomerApi(t, {
      name: 'Dan Berg',
      emails: ['dan@camp.example'],
      timeZone: 'Asia/Tokyo',
    });
    const eve = await createCustomerApi(t, {
      name: 'Eve Gone',
      emails: ['gone@camp.example'],
      timeZone: 'Asia/Tokyo',
    });
    await recordInteractions(t.ctx, [
      {
        customer: { id: aiko },
        source: 'shop',
        sourceId: 'order-1',
        channel: 'web',
        kind: 'purchase',
        direction: 'inbound',
        occurredAt: new Date('2030-02-10T03:00:00Z'),
        amountMinor: 12_550,
        currency: 'EUR',
      },
    ]);
    // Cara refused marketing email; one contact of any kind a week, and Dan had a survey today.
    expect(
      (
        await json(`/api/v1/outreach/customers/${cara}/consent`, {
          method: 'PUT',
          json: {
            cells: [{ channel: 'email', purpose: 'marketing', state: 'refused' }],
            source: 'told a rep',
          },
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await json('/api/v1/outreach/rules/*', {
          method: 'PUT',
          json: { windowDays: 7, maxContacts: 1, maxReminders: 0 },
        })
      ).status,
    ).toBe(200);
    const survey = await createSurveyApi(t, npsSurvey());
    await json(`/api/v1/surveys/${survey.id}/sends`, { method: 'POST', json: { customerIds: [dan] } });
    const surveySend = await t.ctx.db
      .selectFrom('survey_send')
      .select('id')
      .where('customer_id', '=', dan)
      .executeTakeFirstOrThrow();
    expect((await deliverSend(t.ctx, { customerId: dan, sendId: surveySend.id })).status).toBe('sent');

    const segmentId = await segmentOf('Camp customers', '@camp.example');
    const created = await json('/api/v1/campaigns', {
      method: 'POST',
      json: {
        name: 'Spring newsletter',
        segmentId,
        subject: 'Spring, {{ customer.firstName }}',
        body,
        holdoutShare: 0,
      },
    });
    expect(created.status).toBe(201);
    const c = created.body;
    expect(c).toMatchObject({
      purpose: 'newsletter',
      status: 'draft',
      sendWindow: { start: '09:00', end: '17:00' },
    });

    // Preview against a real customer: her data and her owner's signature, no real unsubscribe link.
    const preview = await json(`/api/v1/campaigns/${c.id}/preview`, {
      method: 'POST',
      json: { customerId: aiko },
    });
    expect(preview.body.subject).toBe('Spring, Aiko');
    expect(preview.body.text).toContain('Hi Aiko,');
    expect(preview.body.text).toContain('(2030-02-10, €125.50)');
    expect(preview.body.text).toContain('Rita Owner\nrita@acme.example');
    expect(preview.body.text).toContain('https://shop.example/spring?x=1.');
    expect(preview.body.text).not.toContain(`${t.url}/u/`);

    // A test send goes to the signed-in author, not to the customer.
    const { staff: author, password } = await createStaffUser(t.ctx, 'manager', 'author@acme.example');
    const cookie = await logInCookie(t, author.email, password);
    const test = await json(`/api/v1/campaigns/${c.id}/test-send`, {
      method: 'POST',
      json: { customerId: aiko },
      headers: { cookie },
    });
    expect(test).toEqual({ status: 200, body: { to: 'author@acme.example' } });
    await smtp.received(2);
    expect(mailTo('author@acme.example')[0]?.subject).toBe('[Test] Spring, Aiko');
    expect(mailTo('aiko@camp.example')).toHaveLength(0);

    expect(await launch(c.id)).toEqual({ eligible: 5, treated: 5, heldOut: 0 });
    expect((await json(`/api/v1/campaigns/${c.id}/launch`, { method: 'POST' })).status).toBe(409);
    const sends = await sendsOf(c.id);
    const sendOf = (customerId: string) => {
      const s = sends.find((x) => x.customer_id === customerId);
      if (!s) throw new Error('no send');
      return s;
    };
    // Planned for each customer's own window: Tokyo now, New York at 09:00 EST.
    expect(sendOf(aiko).planned_for).toEqual(now);
    expect(sendOf(ben).planned_for).toEqual(new Date('2030-03-04T14:00:00Z'));

    const outcomes = Object.fromEntries(
      await Promise.all(
        [aiko, ben, cara, dan, eve].map(async (id) => [
          id,
          await deliverCampaignSend(t.ctx, { sendId: sendOf(id).id }),
        ]),
      ),
    );
    expect(outcomes[aiko]).toEqual({ status: 'sent' });
    expect(outcomes[ben]).toMatchObject({ status: 'not-yet', retryAt: new Date('2030-03-04T14:00:00Z') });
    expect(outcomes[cara]).toMatchObject({ status: 'skipped' });
    expect(outcomes[dan]).toMatchObject({ status: 'skipped', reason: expect.stringMatching(/contact/) });
    expect(outcomes[eve]).toMatchObject({ status: 'failed', reason: expect.stringMatching(/mail server/) });
    expect(mailTo('ben@camp.example')).toHaveLength(0);
    expect(mailTo('cara@camp.example')).toHaveLength(0);
    expect(mailTo('dan@camp.example')).toHaveLength(1); // the survey only

    // The refusal is listed with its rule.
    const refusals = (await json(`/api/v1/outreach/customers/${cara}/refusals`)).body.data;
    expect(refusals[0]).toMatchObject({ code: 'opted-out', rule: 'consent:marketing/email' });
    // A hard bounce makes the address undeliverable for every email purpose.
    const eveConsent = (await json(`/api/v1/outreach/customers/${eve}/consent`)).body;
    const eveEmail = eveConsent.cells.filter((x: { channel: string }) => x.channel === 'email');
    expect(eveEmail.map((x: { state: string; source: string }) => [x.state, x.source])).toEqual([
      ['refused', 'bounce'],
      ['refused', 'bounce'],
      ['refused', 'bounce'],
    ]);

    // Aiko's email: personal, tracked links, working preference centre and one-click unsubscribe.
    const [mail] = mailTo('aiko@camp.example');
    if (!mail) throw new Error('no mail for Aiko');
    expect(mail.subject).toBe('Spring, Aiko');
    expect(mail.messageId).toBe(`<${sendOf(aiko).id}@tenure.campaign>`);
    const header = (name: string) => mail.headerLines.find((h) => h.key === name)?.line ?? '';
    expect(header('list-unsubscribe-post')).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    const text = String(mail.text);
    expect(text).not.toContain('https://shop.example');
    const link = (path: string) =>
      (text.match(new RegExp(`${t.url}/${path}/[A-Za-z0-9_.-]+`))?.[0] ?? '').replace(/\.$/, '');
    // The sentence's full stop stays outside the link, in the text and in the HTML.
    expect(text).toContain(`${link('c')}.`);
    expect(String(mail.html)).toContain(`<a href="${link('c')}">${link('c')}</a>.`);
    const click = await fetch(link('c'), { redirect: 'manual' });
    expect(click.status).toBe(302);
    expect(click.headers.get('location')).toBe('https://shop.example/spring?x=1');
    const forged = await fetch(`${link('c').slice(0, -3)}AAA`, { redirect: 'manual' });
    expect(forged.status).toBe(404);
    expect((await fetch(link('p'))).status).toBe(200);
    const unsubscribeUrl = header('list-unsubscribe').match(/<([^>]+)>/)?.[1] ?? '';
    expect(unsubscribeUrl).toBe(link('u'));
    const unsubscribe = await fetch(unsubscribeUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(unsubscribe.status).toBeLessThan(400);

    // Retrying a delivered send mails nothing again.
    expect(await deliverCampaignSend(t.ctx, { sendId: sendOf(aiko).id })).toMatchObject({ status: 'sent' });
    expect(mailTo('aiko@camp.example')).toHaveLength(1);

    // 14:00 UTC is 09:00 in New York: Ben's send goes out now.
    now = new Date('2030-03-04T14:00:00Z');
    expect(await deliverCampaignSend(t.ctx, { sendId: sendOf(ben).id })).toEqual({ status: 'sent' });
    expect(mailTo('ben@camp.example')).toHaveLength(1);

    const result = await json(`/api/v1/campaigns/${c.id}`);
    expect(result.body.status).toBe('done');
    expect(result.body.results).toEqual({
      eligible: 5,
      heldOut: 0,
      pending: 0,
      sent: 2,
      skipped: { 'opted-out': 1, budget: 1 },
      failed: 1,
      clicks: 1,
      clickers: 1,
      unsubscribes: 1,
    });
    const clicks = await t.ctx.db.selectFrom('campaign_click').selectAll().execute();
    expect(clicks).toMatchObject([{ send_id: sendOf(aiko).id, url: 'https://shop.example/spring?x=1' }]);
    const timeline = (await json(`/api/v1/customers/${aiko}/timeline`)).body.data;
    expect(timeline.find((d: { kind: string }) => d.kind === 'campaign-sent')).toMatchObject({
      channel: 'email',
      direction: 'outbound',
      properties: { campaignId: c.id },
    });
    expect(result.body.uplift).toMatchObject({ program: { id: c.programId, kind: 'campaign' } });

    // The customer's export lists what she was sent and clicked; erasure keeps the counts only.
    const exported = (await exportCustomerData(t.ctx, aiko)).outreach;
    expect(exported.campaignSends).toMatchObject([{ campaign_id: c.id, status: 'sent' }]);
    expect(exported.campaignClicks).toMatchObject([{ url: 'https://shop.example/spring?x=1' }]);
    await eraseCustomer(t.ctx, eve, { reason: 'asked to be forgotten', by: { kind: 'system', id: null } });
    expect(
      await t.ctx.db
        .selectFrom('campaign_send')
        .select(['status', 'reason'])
        .where('customer_id', '=', eve)
        .execute(),
    ).toEqual([{ status: 'failed', reason: null }]);
    expect((await json(`/api/v1/campaigns/${c.id}`)).body.results.failed).toBe(1);
  });

  it('holds out its share deterministically and records the held-out customers without sending', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 40; i++)
      ids.push(await createCustomerApi(t, { name: `Hold ${i}`, emails: [`h${i}@hold.example`] }));
    const segmentId = await segmentOf('Hold customers', '@hold.example');
    const c = (
      await json('/api/v1/campaigns', {
        method: 'POST',
        json: { name: 'Holdout test', segmentId, subject: 'Hi', body: 'Hello', holdoutShare: 0.5 },
      })
    ).body;
    const before = smtp.messages.length;
    const launched = await launch(c.id);
    const expectedHeld = ids.filter((id) => armDraw(c.programId, id) < 0.5);
    expect(launched).toEqual({
      eligible: 40,
      treated: 40 - expectedHeld.length,
      heldOut: expectedHeld.length,
    });
    expect(expectedHeld.length).toBeGreaterThan(0);
    expect(expectedHeld.length).toBeLessThan(40);
    const sends = await sendsOf(c.id);
    const held = sends.filter((s) => s.status === 'held-out').map((s) => s.customer_id);
    expect(held.sort()).toEqual([...expectedHeld].sort());
    const assignments = await t.ctx.db
      .selectFrom('program_assignment')
      .select(['customer_id', 'arm'])
      .where('program_id', '=', c.programId)
      .execute();
    expect(assignments).toHaveLength(40);
    expect(assignments.filter((a) => a.arm === 'held-out')).toHaveLength(expectedHeld.length);
    const heldSend = sends.find((s) => s.status === 'held-out');
    if (!heldSend) throw new Error('no held-out send');
    expect(await deliverCampaignSend(t.ctx, { sendId: heldSend.id })).toMatchObject({ status: 'held-out' });
    expect(smtp.messages.length).toBe(before);
    const results = (await json(`/api/v1/campaigns/${c.id}`)).body.results;
    expect(results).toMatchObject({
      eligible: 40,
      heldOut: expectedHeld.length,
      pending: 40 - expectedHeld.length,
    });
  });

  it('delivers through the durable job when the worker runs it', async () => {
    // pg-boss schedules by the real time: this test runs the clock at the real now, and picks a
    // zone where it is not the last minute of the day, so the whole-day window is open.
    now = new Date();
    const late = now.getUTCHours() === 23 && now.getUTCMinutes() === 59;
    const id = await createCustomerApi(t, {
      name: 'Jo Worker',
      emails: ['jo@job.example'],
      timeZone: late ? 'Asia/Tokyo' : 'UTC',
    });
    const segmentId = await segmentOf('Job customers', '@job.example');
    const c = (
      await json('/api/v1/campaigns', {
        method: 'POST',
        json: {
          name: 'Worker test',
          segmentId,
          subject: 'Hello {{ customer.firstName }}',
          body: 'Hello',
          holdoutShare: 0,
          sendWindow: { start: '00:00', end: '23:59' },
        },
      })
    ).body;
    await t.ctx.queue.work(t.ctx, [deliverCampaignSendJob as never, launchRunJob as never]);
    // The request only starts the launch; the worker snapshots the segment and delivers.
    expect((await json(`/api/v1/campaigns/${c.id}/launch`, { method: 'POST' })).status).toBe(202);
    await eventually(async () => mailTo('jo@job.example').length === 1);
    const [send] = await sendsOf(c.id);
    expect(mailTo('jo@job.example')[0]?.messageId).toBe(`<${send?.id}@tenure.campaign>`);
    const done = await eventually(async () => {
      const r = (await json(`/api/v1/campaigns/${c.id}`)).body;
      return r.status === 'done' && r;
    });
    expect(done.results).toMatchObject({ eligible: 1, sent: 1, pending: 0 });
    expect((await sendsOf(c.id))[0]?.customer_id).toBe(id);
  });
});

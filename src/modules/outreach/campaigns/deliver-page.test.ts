import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../../test/helpers.ts';
import { startSmtpServer, type TestSmtp } from '../../../../test/smtp.ts';
import { deliverCampaignSend, deliverCampaignSendJob } from './deliver-campaign-send.ts';
import { deliverCampaignSends } from './deliver-campaign-sends.ts';
import { launchRun } from './launch-run.ts';

// Noon UTC on a weekday: inside the all-day window.
const now = new Date('2031-05-14T12:00:00Z');
const clock = { now: () => now };
const DAY = 86_400_000;
let t: TestApp;
let smtp: TestSmtp;
beforeAll(async () => {
  smtp = await startSmtpServer({ refuse: ['gone@page.example'] });
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
const customer = async (name: string, email: string) =>
  (
    await sql<{ id: string }>`insert into customer (id, name, emails, time_zone, locale)
      values (gen_random_uuid(), ${name}, array[${email}], 'UTC', 'en') returning id`.execute(t.ctx.db)
  ).rows[0]?.id as string;
/** A one-off campaign to the customers whose email contains `match`, launched; its sends. */
const launched = async (name: string, match: string) => {
  const segment = await json('/api/v1/segments', {
    method: 'POST',
    json: {
      name,
      definition: { match: 'all', conditions: [{ field: 'email', op: 'contains', value: match }] },
    },
  });
  const created = await json('/api/v1/campaigns', {
    method: 'POST',
    json: {
      name,
      segmentId: segment.body.id,
      subject: 'News for {{ customer.firstName }}',
      body: 'Hi {{ customer.name }}, see https://shop.example/new',
      holdoutShare: 0,
      sendWindow: { start: '00:00', end: '23:59' },
    },
  });
  expect(created.status).toBe(201);
  expect((await json(`/api/v1/campaigns/${created.body.id}/launch`, { method: 'POST' })).status).toBe(202);
  const run = await t.ctx.db
    .selectFrom('campaign_run')
    .select('id')
    .where('campaign_id', '=', created.body.id)
    .executeTakeFirstOrThrow();
  await launchRun(t.ctx, { runId: run.id });
  return t.ctx.db
    .selectFrom('campaign_send')
    .select(['id', 'customer_id'])
    .where('campaign_id', '=', created.body.id)
    .orderBy('id')
    .execute();
};
const sendRow = (id: string) =>
  t.ctx.db
    .selectFrom('campaign_send')
    .select(['status', 'reason_code', 'reason', 'claimed_until'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
const mailsTo = (address: string) =>
  smtp.messages.filter((m) => JSON.stringify(m.to).includes(address)).length;

describe('delivering campaign sends a page at a time', () => {
  it('checks, budgets, mails and records a page, isolates a bounce, and never mails twice on a retry', async () => {
    const ids = {
      ann: await customer('Ann Page', 'ann@page.example'),
      bob: await customer('Bob Page', 'bob@page.example'),
      refused: await customer('Rita Page', 'rita@page.example'),
      capped: await customer('Carl Page', 'carl@page.example'),
      gone: await customer('Gus Page', 'gone@page.example'),
      twice: await customer('Tia Page', 'tia@twice.page.example'),
    };
    await sql`insert into contact_preference (customer_id, purpose, channel, state, source, recorded_by)
      values (${ids.refused}, 'marketing', 'email', 'refused', 'told a rep', 'staff')`.execute(t.ctx.db);
    // The budget shared with surveys: one contact a week; Carl had a survey yesterday.
    expect(
      (
        await json('/api/v1/outreach/rules/*', {
          method: 'PUT',
          json: { windowDays: 7, maxContacts: 1, maxReminders: 0 },
        })
      ).status,
    ).toBe(200);
    await t.ctx.db
      .insertInto('contact_log')
      .values({
        customer_id: ids.capped,
        purpose: 'survey',
        channel: 'email',
        reference: 'survey-send:earlier',
        reminder_of: null,
        at: new Date(now.getTime() - DAY),
      })
      .execute();
    // Tia is in two campaigns: both sends in one page share her budget, one after the other.
    const news = await launched('Page news', 'page.example');
    const extra = await launched('Page extra', 'twice.page.example');
    expect(news).toHaveLength(6);
    expect(extra).toHaveLength(1);
    const page = [...news, ...extra].map((s) => s.id);
    const sendOf = (customerId: string) => news.find((s) => s.customer_id === customerId)?.id as string;

    const results = await deliverCampaignSends(t.ctx, page);
    expect(results.get(sendOf(ids.ann))).toEqual({ status: 'sent' });
    expect(results.get(sendOf(ids.bob))).toEqual({ status: 'sent' });
    expect(await sendRow(sendOf(ids.refused))).toMatchObject({ status: 'skipped', reason_code: 'opted-out' });
    expect(await sendRow(sendOf(ids.capped))).toMatchObject({
      status: 'skipped',
      reason_code: 'budget',
      reason: 'contacted 1 day ago (at most 1 contact every 7 days)',
    });
    expect(await sendRow(sendOf(ids.gone))).toMatchObject({ status: 'failed', reason_code: 'smtp' });
    const tia = [sendOf(ids.twice), extra[0]?.id as string];
    expect((await Promise.all(tia.map(sendRow))).map((r) => r.status).sort()).toEqual(['sent', 'skipped']);
    for (const id of page) expect((await sendRow(id)).claimed_until).toBeNull();

    // Every refusal is kept with its rule.
    const refusals = await t.ctx.db
      .selectFrom('contact_refusal')
      .select(['customer_id', 'rule'])
      .where('reference', 'like', 'campaign-send:%')
      .execute();
    expect(refusals).toEqual(
      expect.arrayContaining([
        { customer_id: ids.refused, rule: 'consent:marketing/email' },
        { customer_id: ids.capped, rule: 'budget:*' },
        { customer_id: ids.twice, rule: 'budget:*' },
      ]),
    );
    expect(refusals).toHaveLength(3);
    // The bounce gave its contact back and marked the address undeliverable.
    const logged = await t.ctx.db.selectFrom('contact_log').select('customer_id').execute();
    expect(logged.filter((l) => l.customer_id === ids.gone)).toHaveLength(0);
    const goneConsent = await t.ctx.db
      .selectFrom('contact_preference')
      .select(['purpose', 'state', 'source'])
      .where('customer_id', '=', ids.gone)
      .where('channel', '=', 'email')
      .execute();
    expect(goneConsent).toHaveLength(3);
    expect(goneConsent.every((c) => c.state === 'refused' && c.source === 'bounce')).toBe(true);
    // Each email sent once, each on the timeline once.
    expect(smtp.messages).toHaveLength(3);
    expect(['ann@page.example', 'bob@page.example', 'tia@twice.page.example'].map(mailsTo)).toEqual([
      1, 1, 1,
    ]);
    const timeline = await t.ctx.db
      .selectFrom('interaction')
      .select('customer_id')
      .where('kind', '=', 'campaign-sent')
      .execute();
    expect(timeline.map((r) => r.customer_id).sort()).toEqual([ids.ann, ids.bob, ids.twice].sort());

    // The page retried (as pg-boss would after a lost completion), and the job's batch path: nothing new.
    await deliverCampaignSends(t.ctx, page);
    await deliverCampaignSendJob.handleBatch?.(
      t.ctx,
      page.map((sendId) => ({ sendId })),
    );
    expect(smtp.messages).toHaveLength(3);
    expect(
      await t.ctx.db.selectFrom('interaction').select('id').where('kind', '=', 'campaign-sent').execute(),
    ).toHaveLength(3);
  });

  it('leaves a send another delivery holds alone, and sends one whose claim a crash left behind', async () => {
    const ids = [
      await customer('Hal Held', 'hal@held.example'),
      await customer('Cy Crash', 'cy@held.example'),
    ];
    const sends = await launched('Held news', 'held.example');
    const [held, crashed] = ids.map((c) => sends.find((s) => s.customer_id === c)?.id as string);
    // Hal's send is in another delivery's hands; Cy's was claimed and reserved by one that crashed.
    await t.ctx.db
      .updateTable('campaign_send')
      .set({ claimed_until: new Date(now.getTime() + 60_000) })
      .where('id', '=', held as string)
      .execute();
    await t.ctx.db
      .updateTable('campaign_send')
      .set({ claimed_until: new Date(now.getTime() - 1000) })
      .where('id', '=', crashed as string)
      .execute();
    await t.ctx.db
      .insertInto('contact_log')
      .values({
        customer_id: ids[1] as string,
        purpose: 'newsletter',
        channel: 'email',
        reference: `campaign-send:${crashed}`,
        reminder_of: null,
        at: now,
      })
      .execute();
    const before = smtp.messages.length;
    const results = await deliverCampaignSends(t.ctx, [held as string, crashed as string]);
    expect(results.get(held as string)).toEqual({ status: 'in-flight' });
    expect(results.get(crashed as string)).toEqual({ status: 'sent' });
    expect(mailsTo('hal@held.example')).toBe(0);
    expect(mailsTo('cy@held.example')).toBe(1);
    expect(smtp.messages.length).toBe(before + 1);
    // The reservation the crashed delivery made is the one kept: no second contact.
    const cy = await t.ctx.db
      .selectFrom('contact_log')
      .select('id')
      .where('customer_id', '=', ids[1] as string)
      .execute();
    expect(cy).toHaveLength(1);
    // The job for a held send fails, so pg-boss retries it after the other delivery's claim.
    await expect(deliverCampaignSend(t.ctx, { sendId: held as string })).rejects.toThrow(/in flight/);
    expect((await sendRow(held as string)).status).toBe('pending');

    // Two deliveries of the same page at once: each email goes out once.
    const pair = [await customer('Di Dup', 'di@dup.example'), await customer('Ed Dup', 'ed@dup.example')];
    const dup = (await launched('Dup news', 'dup.example')).map((s) => s.id);
    expect(pair).toHaveLength(2);
    await Promise.all([deliverCampaignSends(t.ctx, dup), deliverCampaignSends(t.ctx, dup.toReversed())]);
    expect([mailsTo('di@dup.example'), mailsTo('ed@dup.example')]).toEqual([1, 1]);
  });
});

import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../../test/helpers.ts';
import { startSmtpServer, type TestSmtp } from '../../../../test/smtp.ts';
import { armDraw } from '../uplift/assign-arm.ts';
import { deliverCampaignSend, deliverCampaignSendJob } from './deliver-campaign-send.ts';
import { deliverCampaignSends } from './deliver-campaign-sends.ts';
import { launchRun } from './launch-run.ts';

// Noon UTC on a weekday: inside the all-day window in every zone used below.
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

const MEMBERS = 2300; // more than two launch pages of 1,000
const ZONES = ['UTC', 'Europe/Berlin', 'America/New_York'];

const json = async (path: string, init?: Parameters<TestApp['api']>[1]) => {
  const res = await t.api(path, init);
  return { status: res.status, body: await res.json() };
};
const campaignOn = async (name: string, emailContains: string, holdoutShare = 0.1) => {
  const segment = await json('/api/v1/segments', {
    method: 'POST',
    json: {
      name,
      definition: { match: 'all', conditions: [{ field: 'email', op: 'contains', value: emailContains }] },
    },
  });
  const created = await json('/api/v1/campaigns', {
    method: 'POST',
    json: {
      name,
      segmentId: segment.body.id,
      subject: 'Hello {{ customer.firstName }}',
      body: 'Hi {{ customer.name }}, our summer range is in.',
      holdoutShare,
      sendWindow: { start: '00:00', end: '23:59' },
    },
  });
  expect(created.status).toBe(201);
  return created.body as { id: string; programId: string };
};
/** Launches through the API and runs the launch job here, as the worker would. */
const launch = async (campaignId: string) => {
  expect((await json(`/api/v1/campaigns/${campaignId}/launch`, { method: 'POST' })).status).toBe(202);
  const run = await t.ctx.db
    .selectFrom('campaign_run')
    .select('id')
    .where('campaign_id', '=', campaignId)
    .executeTakeFirstOrThrow();
  return { runId: run.id, ...(await launchRun(t.ctx, { runId: run.id })) };
};
const sendsOf = (campaignId: string) =>
  t.ctx.db
    .selectFrom('campaign_send')
    .select(['id', 'customer_id', 'arm', 'status', 'planned_for', 'reason_code'])
    .where('campaign_id', '=', campaignId)
    .execute();
/** The budget shared by every outbound path: at most one contact a week, whatever the purpose. */
const oneContactAWeek = async () => {
  const res = await json('/api/v1/outreach/rules/*', {
    method: 'PUT',
    json: { windowDays: 7, maxContacts: 1, maxReminders: 0 },
  });
  expect(res.status).toBe(200);
};
/** The delivery jobs queued for these sends, by send. */
const jobsFor = async (sendIds: string[]) => {
  const rows = await sql<{ send_id: string; start_after: Date }>`
    select data->>'sendId' as send_id, start_after from pgboss.job
    where name = ${deliverCampaignSendJob.name} and data->>'sendId' = any(${sendIds}::text[])`.execute(
    t.ctx.db,
  );
  return rows.rows;
};

describe('launching a campaign in pages', () => {
  it('gives each member one send and one job, holds out the drawn share, and duplicates nothing on a rerun', async () => {
    await sql`insert into customer (id, name, emails, time_zone, locale)
      select gen_random_uuid(), 'Member' || i || ' Bulk', array['bulk-' || i || '@bulk.example'],
        (${ZONES}::text[])[1 + i % ${ZONES.length}], 'en'
      from generate_series(1, ${MEMBERS}) as i`.execute(t.ctx.db);
    await sql`insert into contact_preference (customer_id, purpose, channel, state, source, recorded_by)
      select id, 'marketing', 'email', 'granted', 'import', 'import' from customer`.execute(t.ctx.db);
    const campaign = await campaignOn('Summer range', '@bulk.example');
    const launched = await launch(campaign.id);
    expect(launched.members).toBe(MEMBERS);

    const sends = await sendsOf(campaign.id);
    expect(sends).toHaveLength(MEMBERS);
    expect(new Set(sends.map((s) => s.customer_id)).size).toBe(MEMBERS);
    // The arm is the customer's own draw against the 10% share (no global control group here).
    for (const s of sends) {
      const drawn = armDraw(campaign.programId, s.customer_id) < 0.1 ? 'held-out' : 'treated';
      expect(s.arm).toBe(drawn);
      expect(s.status).toBe(drawn === 'treated' ? 'pending' : 'held-out');
      expect(s.planned_for === null).toBe(drawn === 'held-out');
    }
    const heldOut = sends.filter((s) => s.arm === 'held-out');
    expect(heldOut.length).toBeGreaterThan(150);
    expect(heldOut.length).toBeLessThan(320);
    expect(heldOut.every((s) => s.reason_code === 'held-out')).toBe(true);
    const assignments = await t.ctx.db
      .selectFrom('program_assignment')
      .select(['customer_id', 'arm', 'eligible_at'])
      .where('program_id', '=', campaign.programId)
      .execute();
    expect(assignments).toHaveLength(MEMBERS);
    expect(assignments.every((a) => a.eligible_at.getTime() === now.getTime())).toBe(true);

    // Exactly one delivery job per pending send, due when the send is planned, none for held-out.
    const pending = sends.filter((s) => s.status === 'pending');
    const jobs = await jobsFor(sends.map((s) => s.id));
    expect(jobs).toHaveLength(pending.length);
    const planned = new Map(pending.map((s) => [s.id, s.planned_for?.getTime()]));
    for (const j of jobs) expect(j.start_after.getTime()).toBe(planned.get(j.send_id));

    // A crashed launch job retried from the start (cursor lost) writes nothing twice.
    await t.ctx.db
      .updateTable('campaign_run')
      .set({ status: 'launching', cursor: null })
      .where('id', '=', launched.runId)
      .execute();
    expect((await launchRun(t.ctx, { runId: launched.runId })).members).toBe(MEMBERS);
    expect(await sendsOf(campaign.id)).toEqual(sends);
    expect(await jobsFor(sends.map((s) => s.id))).toHaveLength(pending.length);
    // A finished run launched again does nothing at all.
    expect((await launchRun(t.ctx, { runId: launched.runId })).members).toBe(0);

    // Delivery still goes through the one check: a refusal recorded since the launch is kept on the send.
    const [refused, mailed] = pending;
    if (!refused || !mailed) throw new Error('no pending sends');
    expect(
      (
        await json(`/api/v1/outreach/customers/${refused.customer_id}/consent`, {
          method: 'PUT',
          json: {
            cells: [{ channel: 'email', purpose: 'marketing', state: 'refused' }],
            source: 'told a rep',
          },
        })
      ).status,
    ).toBe(200);
    expect(await deliverCampaignSend(t.ctx, { sendId: refused.id })).toMatchObject({ status: 'skipped' });
    expect((await sendsOf(campaign.id)).find((s) => s.id === refused.id)).toMatchObject({
      status: 'skipped',
      reason_code: 'opted-out',
    });

    // The shared budget: one contact a week. A member mailed by this campaign is refused by the next.
    await oneContactAWeek();
    expect(await deliverCampaignSend(t.ctx, { sendId: mailed.id })).toMatchObject({ status: 'sent' });
    const { emails } = await t.ctx.db
      .selectFrom('customer')
      .select('emails')
      .where('id', '=', mailed.customer_id)
      .executeTakeFirstOrThrow();
    expect(smtp.messages.filter((m) => JSON.stringify(m.to).includes(emails[0] as string))).toHaveLength(1);
    const follow = await campaignOn('Summer follow-up', emails[0] as string, 0);
    expect((await launch(follow.id)).members).toBe(1);
    const [second] = await sendsOf(follow.id);
    expect(second?.status).toBe('pending');
    expect(await deliverCampaignSend(t.ctx, { sendId: second?.id as string })).toMatchObject({
      status: 'skipped',
    });
    expect((await sendsOf(follow.id))[0]).toMatchObject({ status: 'skipped', reason_code: 'budget' });
  });
});

const customer = async (name: string, email: string) =>
  (
    await sql<{ id: string }>`insert into customer (id, name, emails, time_zone, locale)
      values (gen_random_uuid(), ${name}, array[${email}], 'UTC', 'en') returning id`.execute(t.ctx.db)
  ).rows[0]?.id as string;
/** A one-off campaign, no holdout, to the customers whose email contains `match`, launched; its sends. */
const launched = async (name: string, match: string) => {
  const campaign = await campaignOn(name, match, 0);
  await launch(campaign.id);
  return (await sendsOf(campaign.id)).toSorted((x, y) => x.id.localeCompare(y.id));
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
    await oneContactAWeek();
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

    const before = smtp.messages.length;
    const mine = Object.values(ids);
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
      .where('customer_id', 'in', mine)
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
    expect(smtp.messages.length - before).toBe(3);
    expect(['ann@page.example', 'bob@page.example', 'tia@twice.page.example'].map(mailsTo)).toEqual([
      1, 1, 1,
    ]);
    const timeline = await t.ctx.db
      .selectFrom('interaction')
      .select('customer_id')
      .where('kind', '=', 'campaign-sent')
      .where('customer_id', 'in', mine)
      .execute();
    expect(timeline.map((r) => r.customer_id).sort()).toEqual([ids.ann, ids.bob, ids.twice].sort());

    // The page retried (as pg-boss would after a lost completion), and the job's batch path: nothing new.
    await deliverCampaignSends(t.ctx, page);
    await deliverCampaignSendJob.handleBatch?.(
      t.ctx,
      page.map((sendId) => ({ sendId })),
    );
    expect(smtp.messages.length - before).toBe(3);
    expect(
      await t.ctx.db
        .selectFrom('interaction')
        .select('id')
        .where('kind', '=', 'campaign-sent')
        .where('customer_id', 'in', mine)
        .execute(),
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

import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../../test/helpers.ts';
import { startSmtpServer, type TestSmtp } from '../../../../test/smtp.ts';
import { armDraw } from '../uplift/assign-arm.ts';
import { deliverCampaignSend, deliverCampaignSendJob } from './deliver-campaign-send.ts';
import { launchRun } from './launch-run.ts';

// Noon UTC on a weekday: inside the all-day window in every zone used below.
const now = new Date('2031-05-14T12:00:00Z');
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
    expect(
      (
        await json('/api/v1/outreach/rules/*', {
          method: 'PUT',
          json: { windowDays: 7, maxContacts: 1, maxReminders: 0 },
        })
      ).status,
    ).toBe(200);
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

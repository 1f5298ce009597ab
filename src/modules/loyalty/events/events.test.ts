import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaffUser, logInCookie, startTestApp, type TestApp } from '../../../../test/helpers.ts';
import { startSmtpServer, type TestSmtp } from '../../../../test/smtp.ts';
import { DAY_MS } from '../../../kernel/clock.ts';
import { getSigningKey } from '../../../kernel/signed-token.ts';
import { recordInteractions } from '../../customers/index.ts';
import { createCustomerApi, form } from '../../feedback/testing.ts';
import { armDraw, buildContactLinks } from '../../outreach/index.ts';
import { deliverInvitation } from './deliver-invitation.ts';
import { mailSeat } from './mail-seat.ts';
import { rsvpPath } from './rsvp-links.ts';

// Monday 4 March 2030, 10:00 UTC: 11:00 in Berlin, inside the 09:00–18:00 send window.
const start = new Date('2030-03-04T10:00:00Z');
let now = start;
const clock = { now: () => now };
let t: TestApp;
let smtp: TestSmtp;
beforeAll(async () => {
  smtp = await startSmtpServer();
  t = await startTestApp({ clock, config: { smtpUrl: smtp.url, mailFrom: 'Acme <events@acme.example>' } });
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
const eventBody = (over: Record<string, unknown> = {}) => ({
  title: 'Spring preview',
  description: 'First look at the spring collection.',
  startsAt: '2030-03-20T17:00:00Z',
  endsAt: '2030-03-20T19:00:00Z',
  timeZone: 'Europe/Berlin',
  place: 'Shop, Hauptstraße 1',
  capacity: 30,
  points: 50,
  holdoutShare: 0,
  ...over,
});
async function openEvent(over: Record<string, unknown> = {}): Promise<string> {
  const created = await json('/api/v1/loyalty/events', { method: 'POST', json: eventBody(over) });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const opened = await json(`/api/v1/loyalty/events/${created.body.id}`, {
    method: 'PATCH',
    json: { status: 'open' },
  });
  expect(opened.status).toBe(200);
  return created.body.id;
}
async function segmentOf(domain: string): Promise<string> {
  const r = await json('/api/v1/segments', {
    method: 'POST',
    json: {
      name: domain,
      definition: { match: 'all', conditions: [{ field: 'email', op: 'contains', value: domain }] },
    },
  });
  return r.body.id;
}
const customer = (name: string, email: string) =>
  createCustomerApi(t, { name, emails: [email], timeZone: 'Europe/Berlin' });
const invitationsOf = (eventId: string) =>
  t.ctx.db.selectFrom('loyalty_event_invitation').selectAll().where('event_id', '=', eventId).execute();
const timeline = async (c: string, kind: string) =>
  (await json(`/api/v1/customers/${c}/timeline?kind=${kind}`)).body.data as {
    subject: string;
    properties: Record<string, unknown>;
  }[];
const rsvpUrlOf = async (invitationId: string, endsAt = new Date('2030-03-20T19:00:00Z')) =>
  `${t.url}${rsvpPath(await getSigningKey(t.ctx), invitationId, endsAt)}`;
const post = (url: string, answer: string) =>
  fetch(url, { ...form([['answer', answer]]), redirect: 'manual' });

describe('events', () => {
  it('refuses events that cannot happen, creating nothing', async () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ capacity: 0 }, /capacity must be at least 1/],
      [{ capacity: 2.5 }, /whole number/],
      [{ endsAt: '2030-03-20T16:00:00Z' }, /must end after it starts/],
      [{ place: null }, /a place or an online link/],
      [{ onlineUrl: 'javascript:alert(1)' }, /onlineUrl/],
      [{ points: -5 }, /points cannot be negative/],
      [{ timeZone: 'Mars/Olympus' }, /IANA time zone/],
      [{ sendWindow: { start: '18:00', end: '09:00' } }, /start must be before the end/],
      [{ title: '' }, /title/],
    ];
    for (const [over, message] of cases) {
      const r = await json('/api/v1/loyalty/events', { method: 'POST', json: eventBody(over) });
      expect(r.status, JSON.stringify(over)).toBe(400);
      expect(JSON.stringify(r.body)).toMatch(message);
    }
    expect((await json('/api/v1/loyalty/events')).body.data).toEqual([]);
    const agent = await createStaffUser(t.ctx, 'agent');
    const cookie = await logInCookie(t, agent.staff.email, agent.password);
    const forbidden = await t.api('/api/v1/loyalty/events', {
      method: 'POST',
      json: eventBody(),
      headers: { cookie },
    });
    expect(forbidden.status).toBe(403);
  });

  it('invites by email through the one check: a refused phone does not stop it, a refused email does, with its reason', async () => {
    const anna = await customer('Anna Wolf', 'anna@inv.example');
    const phil = await customer('Phil Nophone', 'phil@inv.example');
    const emma = await customer('Emma Nomail', 'emma@inv.example');
    const refuse = (c: string, channel: string) =>
      json(`/api/v1/outreach/customers/${c}/consent`, {
        method: 'PUT',
        json: { cells: [{ channel, purpose: 'marketing', state: 'refused' }], source: 'told a rep' },
      });
    expect((await refuse(phil, 'phone')).status).toBe(200);
    expect((await refuse(emma, 'email')).status).toBe(200);
    const eventId = await openEvent();
    const segmentId = await segmentOf('@inv.example');
    const invite = await json(`/api/v1/loyalty/events/${eventId}/invitations`, {
      method: 'POST',
      json: { segmentId },
    });
    expect(invite.body).toEqual({ eligible: 3, invited: 3, heldOut: 0, alreadyInvited: 0 });
    const invitations = await invitationsOf(eventId);
    const results = await Promise.all(
      invitations.map((i) => deliverInvitation(t.ctx, { invitationId: i.id })),
    );
    expect(results.map((r) => r.status).sort()).toEqual(['sent', 'sent', 'skipped']);
    // A retried job finds the invitation done and sends nothing more.
    await Promise.all(invitations.map((i) => deliverInvitation(t.ctx, { invitationId: i.id })));
    const to = (a: string) => smtp.messages.filter((m) => !Array.isArray(m.to) && m.to?.text === a);
    expect(to('anna@inv.example')).toHaveLength(1);
    expect(to('phil@inv.example')).toHaveLength(1);
    expect(to('emma@inv.example')).toHaveLength(0);
    const mail = to('anna@inv.example')[0];
    expect(mail?.subject).toBe('Invitation: Spring preview');
    expect(mail?.text).toMatch(new RegExp(`${t.url}/e/[\\w.-]+`));
    expect(mail?.headerLines.find((h) => h.key === 'list-unsubscribe')?.line).toMatch(
      /<https?:\/\/.+\/u\/.+>/,
    );
    const skipped = invitations.find((i) => i.customer_id === emma);
    const row = (await invitationsOf(eventId)).find((i) => i.id === skipped?.id);
    expect(row?.status).toBe('skipped');
    expect(row?.reason).toMatch(/opted out of newsletters and offers by email/);
    const refusals = (await json(`/api/v1/outreach/customers/${emma}/refusals`)).body.data;
    expect(refusals[0].rule).toBe('consent:marketing/email');
    expect(await timeline(anna, 'event-invited')).toHaveLength(1);
    // Inviting the same segment again invites nobody twice.
    const again = await json(`/api/v1/loyalty/events/${eventId}/invitations`, {
      method: 'POST',
      json: { segmentId },
    });
    expect(again.body).toMatchObject({ invited: 0, alreadyInvited: 3 });
  });

  it('RSVPs on the public page, checks in at the door once, with timeline entries and points once', async () => {
    const gina = await customer('Gina Guest', 'gina@rsvp.example');
    const eventId = await openEvent({ title: 'Wine seminar', points: 75 });
    await json(`/api/v1/loyalty/events/${eventId}/invitations`, {
      method: 'POST',
      json: { segmentId: await segmentOf('@rsvp.example') },
    });
    const [inv] = await invitationsOf(eventId);
    await deliverInvitation(t.ctx, { invitationId: inv?.id as string });
    const mail = smtp.messages.find((m) => !Array.isArray(m.to) && m.to?.text === 'gina@rsvp.example');
    const url = mail?.text?.match(/https?:\/\/\S+\/e\/[\w.-]+/)?.[0] as string;
    const page = await fetch(url);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Wine seminar');
    expect(html).toContain('<form method="post"');
    expect(html).not.toContain('<script');
    const yes = await post(url, 'yes');
    expect(yes.status).toBe(303);
    expect(await (await fetch(`${url}?saved=1`)).text()).toContain('your seat is confirmed');
    expect(await timeline(gina, 'event-rsvp')).toHaveLength(1);
    // Saying yes twice changes nothing.
    await post(url, 'yes');
    expect(await timeline(gina, 'event-rsvp')).toHaveLength(1);

    const door = await createStaffUser(t.ctx, 'agent');
    const cookie = await logInCookie(t, door.staff.email, door.password);
    const found = await json(`/api/v1/loyalty/events/${eventId}/attendees?q=gin`, { headers: { cookie } });
    expect(found.body.data).toEqual([
      expect.objectContaining({ customerId: gina, state: 'confirmed', checkedInAt: null }),
    ]);
    const checkIn = () =>
      json(`/api/v1/loyalty/events/${eventId}/attendees/${gina}/check-in`, {
        method: 'POST',
        headers: { cookie },
      });
    const [a, b] = await Promise.all([checkIn(), checkIn()]);
    expect([a.body.firstTime, b.body.firstTime].sort()).toEqual([false, true]);
    expect((await checkIn()).body.firstTime).toBe(false);
    const attended = await timeline(gina, 'event-attended');
    expect(attended).toHaveLength(1);
    expect(attended[0]?.subject).toMatch(/Wine seminar/);
    const account = (await json(`/api/v1/loyalty/customers/${gina}`)).body;
    expect(account.balance).toBe(75);
    expect(
      account.entries.filter((e: { key: string }) => e.key === `event:${eventId}:attended`),
    ).toHaveLength(1);
    expect(await timeline(gina, 'reward-granted')).toHaveLength(1);
    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'event.check-in')
      .execute();
    expect(audit).toEqual([expect.objectContaining({ customer_id: gina, actor_id: door.staff.id })]);
    // Someone never invited cannot be checked in.
    const stranger = await customer('Stranger', 'x@nowhere.example');
    expect(
      (await json(`/api/v1/loyalty/events/${eventId}/attendees/${stranger}/check-in`, { method: 'POST' }))
        .status,
    ).toBe(404);
  });

  it('gives exactly the seats there are to twenty parallel yeses, and a cancellation promotes the first on the waitlist', async () => {
    const ids = [];
    for (let i = 0; i < 20; i++) ids.push(await customer(`Rush ${i}`, `rush${i}@rush.example`));
    const eventId = await openEvent({ title: 'Small tasting', capacity: 5 });
    await json(`/api/v1/loyalty/events/${eventId}/invitations`, {
      method: 'POST',
      json: { segmentId: await segmentOf('@rush.example') },
    });
    const invitations = await invitationsOf(eventId);
    expect(invitations).toHaveLength(20);
    const urls = await Promise.all(invitations.map((i) => rsvpUrlOf(i.id)));
    const answers = await Promise.all(urls.map((u) => post(u, 'yes')));
    expect(answers.map((r) => r.status)).toEqual(Array(20).fill(303));
    const states = async () =>
      t.ctx.db
        .selectFrom('loyalty_event_attendee')
        .selectAll()
        .where('event_id', '=', eventId)
        .orderBy('answered_at')
        .execute();
    const before = await states();
    expect(before.filter((s) => s.state === 'confirmed')).toHaveLength(5);
    expect(before.filter((s) => s.state === 'waitlisted')).toHaveLength(15);
    now = new Date(start.getTime() + 60_000);
    const leaving = before.find((s) => s.state === 'confirmed');
    const firstWaiting = before
      .filter((s) => s.state === 'waitlisted')
      .sort(
        (a, b) =>
          a.answered_at.getTime() - b.answered_at.getTime() || a.customer_id.localeCompare(b.customer_id),
      )[0];
    const leavingUrl = urls[invitations.findIndex((i) => i.customer_id === leaving?.customer_id)] as string;
    expect((await post(leavingUrl, 'cancel')).status).toBe(303);
    const after = await states();
    expect(after.filter((s) => s.state === 'confirmed')).toHaveLength(5);
    expect(after.find((s) => s.customer_id === firstWaiting?.customer_id)?.state).toBe('confirmed');
    expect(after.find((s) => s.customer_id === leaving?.customer_id)?.state).toBe('cancelled');
    expect(
      (await timeline(firstWaiting?.customer_id as string, 'event-rsvp')).map((e) => e.properties.answer),
    ).toContain('promoted');
    // The promoted guest is told, once, by the job committed with the promotion.
    const promoted = { eventId, customerId: firstWaiting?.customer_id as string };
    const jobs = await sql<{ n: number }>`select count(*)::int as n from pgboss.job
      where name = 'loyalty.mail-event-seat' and data->>'customerId' = ${promoted.customerId}`.execute(
      t.ctx.db,
    );
    expect(jobs.rows[0]?.n).toBe(1);
    expect((await mailSeat(t.ctx, promoted)).status).toBe('sent');
    expect((await mailSeat(t.ctx, promoted)).status).toBe('not-needed');
    const index = ids.indexOf(promoted.customerId);
    const seatMails = smtp.messages.filter(
      (m) => !Array.isArray(m.to) && m.to?.text === `rush${index}@rush.example`,
    );
    expect(seatMails.map((m) => m.subject)).toEqual(['A seat is yours: Small tasting']);
    expect(seatMails[0]?.text).toMatch(/give the seat back here: http:\/\/\S+\/e\//);
    const report = (await json(`/api/v1/loyalty/events/${eventId}/report?currency=EUR`)).body;
    expect(report.counts).toMatchObject({ invited: 20, rsvpYes: 5, waitlisted: 14, cancelled: 1 });
    now = start;
  });

  it('answers expired, forged, foreign and stale links with a clear 4xx page', async () => {
    await customer('Link Tester', 'link@links.example');
    const eventId = await openEvent({ title: 'Link test' });
    await json(`/api/v1/loyalty/events/${eventId}/invitations`, {
      method: 'POST',
      json: { segmentId: await segmentOf('@links.example') },
    });
    const [inv] = await invitationsOf(eventId);
    const url = await rsvpUrlOf(inv?.id as string);
    const forged = `${url.slice(0, -3)}${url.endsWith('AAA') ? 'BBB' : 'AAA'}`;
    const r1 = await fetch(forged);
    expect(r1.status).toBe(404);
    expect(await r1.text()).toContain('does not work');
    expect((await post(forged, 'yes')).status).toBe(404);
    const links = await buildContactLinks(
      t.ctx,
      { customerId: inv?.customer_id as string, purpose: 'event' },
      now,
    );
    const foreign = `${t.url}/e/${links.unsubscribeUrl.split('/u/')[1]}`;
    expect((await fetch(foreign)).status).toBe(404);
    expect((await post(url, 'maybe')).status).toBe(400);
    // Cancelled: the link still opens but takes no answer.
    expect(
      (await json(`/api/v1/loyalty/events/${eventId}`, { method: 'PATCH', json: { status: 'cancelled' } }))
        .status,
    ).toBe(200);
    const stale = await post(url, 'yes');
    expect(stale.status).toBe(409);
    expect(await stale.text()).toContain('cancelled');
    // After the event the link has expired.
    now = new Date('2030-03-21T00:00:00Z');
    const expired = await fetch(url);
    expect(expired.status).toBe(410);
    expect(await expired.text()).toContain('expired');
    now = start;
    const rows = await t.ctx.db
      .selectFrom('loyalty_event_attendee')
      .selectAll()
      .where('event_id', '=', eventId)
      .execute();
    expect(rows).toEqual([]);
  });

  it('holds out invitees by the program’s draw and reports attendees and invitees against them', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) ids.push(await customer(`Held ${i}`, `held${i}@held.example`));
    const eventId = await openEvent({ title: 'Retention night', holdoutShare: 0.5 });
    const invite = await json(`/api/v1/loyalty/events/${eventId}/invitations`, {
      method: 'POST',
      json: { segmentId: await segmentOf('@held.example') },
    });
    const expectedHeld = ids.filter((c) => armDraw(eventId, c) < 0.5);
    expect(invite.body).toMatchObject({
      eligible: 12,
      heldOut: expectedHeld.length,
      invited: 12 - expectedHeld.length,
    });
    const invitations = await invitationsOf(eventId);
    for (const i of invitations) {
      const r = await deliverInvitation(t.ctx, { invitationId: i.id });
      expect(r.status).toBe(expectedHeld.includes(i.customer_id) ? 'held-out' : 'sent');
    }
    const treated = invitations.filter((i) => i.arm === 'treated');
    const attendee = treated[0]?.customer_id as string;
    expect(
      (await json(`/api/v1/loyalty/events/${eventId}/attendees/${attendee}/check-in`, { method: 'POST' }))
        .status,
    ).toBe(200);
    const heldOne = expectedHeld[0] as string;
    expect(
      (await json(`/api/v1/loyalty/events/${eventId}/attendees/${heldOne}/check-in`, { method: 'POST' }))
        .status,
    ).toBe(404);
    // The attendee buys again 45 and 75 days later; nobody else does.
    await recordInteractions(
      t.ctx,
      [45, 75].map((d) => ({
        customer: { id: attendee },
        source: 'shop',
        sourceId: `after-${d}`,
        channel: 'web' as const,
        kind: 'purchase',
        direction: 'inbound' as const,
        occurredAt: new Date(start.getTime() + d * DAY_MS),
        amountMinor: 4000,
        currency: 'EUR',
      })),
    );
    now = new Date(start.getTime() + 100 * DAY_MS);
    const report = (await json(`/api/v1/loyalty/events/${eventId}/report?currency=EUR`)).body;
    now = start;
    expect(report.counts).toMatchObject({
      invited: treated.length,
      heldOut: expectedHeld.length,
      attended: 1,
      sent: treated.length,
    });
    expect(report.retention.attendees).toMatchObject({
      customers: 1,
      active90: 1,
      purchased90: 1,
      revenue90: 8000,
    });
    expect(report.retention.heldOut).toMatchObject({ customers: expectedHeld.length, active90: 0 });
    expect(report.retention.invitees.customers).toBe(treated.length);
    expect(report.retention.attendeesVsHeldOut.active90.difference).toBe(1);
    expect(report.uplift.program.id).toBe(eventId);
    expect(report.uplift.program.kind).toBe('event');
    expect(report.uplift.arms.heldOut.customers).toBe(expectedHeld.length);
  });
  it('rate limits answers per address with a page that says so', async () => {
    await customer('Rapid Clicker', 'rapid@rate.example');
    const eventId = await openEvent({ title: 'Rate test' });
    await json(`/api/v1/loyalty/events/${eventId}/invitations`, {
      method: 'POST',
      json: { segmentId: await segmentOf('@rate.example') },
    });
    const [inv] = await invitationsOf(eventId);
    const url = await rsvpUrlOf(inv?.id as string);
    let limited: Response | undefined;
    for (let i = 0; i < 40 && !limited; i++) {
      const r = await post(url, i % 2 ? 'yes' : 'no');
      if (r.status === 429) limited = r;
      else expect(r.status).toBe(303);
    }
    expect(limited?.status).toBe(429);
    expect(await limited?.text()).toContain('Please slow down');
  });
});

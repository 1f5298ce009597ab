import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverInvitation } from '../../src/modules/loyalty/events/deliver-invitation.ts';
import { createStaffUser, startTestApp, type TestApp } from '../../test/helpers.ts';
import { startSmtpServer, type TestSmtp } from '../../test/smtp.ts';
import {
  accessibilityProblems,
  browserTestsRunnable,
  ensureWebBuilt,
  launchChromium,
  openPage,
  screenshot,
  signIn,
} from './harness.ts';

// A manager creates an event and invites a segment; the invitee answers on the public page from
// the email (no sign-in); an agent checks her in at the door on a phone.

// Wednesday 4 December 2030, 10:00 UTC: inside Berlin's 09:00–18:00 send window.
const clock = { now: () => new Date('2030-12-04T10:00:00Z') };
const PHONE = { width: 390, height: 844 };
let t: TestApp;
let smtp: TestSmtp;
let browser: Browser;
let page: Page;
let manager: { email: string; password: string };
let agent: { email: string; password: string };

describe.runIf(browserTestsRunnable)('Events', () => {
  beforeAll(async () => {
    smtp = await startSmtpServer();
    const [app] = await Promise.all([
      startTestApp({ clock, config: { smtpUrl: smtp.url } }),
      ensureWebBuilt(),
    ]);
    t = app;
    t.ctx.config.publicUrl = t.url;
    const m = await createStaffUser(t.ctx, 'manager', 'maria@example.com');
    manager = { email: m.staff.email, password: m.password };
    const a = await createStaffUser(t.ctx, 'agent', 'door@example.com');
    agent = { email: a.staff.email, password: a.password };
    const c = await t.api('/api/v1/customers', {
      method: 'POST',
      json: { name: 'Greta Guest', emails: ['greta@party.example'], timeZone: 'Europe/Berlin' },
    });
    expect(c.status).toBe(201);
    const segment = await t.api('/api/v1/segments', {
      method: 'POST',
      json: {
        name: 'Party guests',
        definition: {
          match: 'all',
          conditions: [{ field: 'email', op: 'contains', value: '@party.example' }],
        },
      },
    });
    expect(segment.status).toBe(201);
    browser = await launchChromium();
    page = await openPage(browser);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await smtp?.close();
  });

  it('creates an event, invites, takes an RSVP on the public page and checks in on a phone', async () => {
    await page.goto(`${t.url}/events`);
    await signIn(page, manager.email, manager.password);
    await page.getByRole('heading', { name: 'Events', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'New event' }).click();
    await page.getByRole('heading', { name: 'New event', level: 1 }).waitFor();
    await page.getByRole('textbox', { name: 'Title' }).fill('Winter preview');
    await page.getByLabel('Starts').fill('2030-12-18T18:00');
    await page.getByLabel('Ends').fill('2030-12-18T17:00');
    await page.getByRole('textbox', { name: 'Time zone' }).fill('Europe/Berlin');
    await page.getByRole('textbox', { name: 'Place' }).fill('Flagship store');
    await page.getByRole('textbox', { name: 'Points for attending' }).fill('40');
    await page.getByRole('textbox', { name: 'Hold out (%)' }).fill('0');
    await page.getByRole('button', { name: 'Save draft' }).click();
    // The end before the start is named, and nothing is saved.
    await page
      .getByRole('alert')
      .getByText(/must end after it starts/)
      .waitFor();
    expect((await (await t.api('/api/v1/loyalty/events')).json()).data).toEqual([]);
    await page.getByLabel('Ends').fill('2030-12-18T20:00');
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.getByRole('heading', { name: 'Event: Winter preview', level: 1 }).waitFor();
    const [created] = (await (await t.api('/api/v1/loyalty/events')).json()).data;
    expect(created).toMatchObject({ startsAt: '2030-12-18T17:00:00.000Z', points: 40 });

    await page.getByRole('button', { name: 'Open for answers' }).click();
    await page.getByRole('combobox', { name: 'Invite a segment' }).click();
    await page.getByRole('option', { name: 'Party guests' }).click();
    await page.getByRole('button', { name: 'Send invitations' }).click();
    await page.getByText('Invited 1, held out 0.').waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);

    // The worker's job, run here: the invitation goes out over SMTP with its signed link.
    const [inv] = await t.ctx.db.selectFrom('loyalty_event_invitation').select('id').execute();
    expect((await deliverInvitation(t.ctx, { invitationId: inv?.id as string })).status).toBe('sent');
    const [mail] = await smtp.received(1);
    const rsvp = mail?.text?.match(/https?:\/\/\S+\/e\/[\w.-]+/)?.[0] as string;
    expect(rsvp).toBeTruthy();

    // The invitee: no session, no JavaScript needed.
    const guest = await browser.newContext({ javaScriptEnabled: false, viewport: PHONE });
    const guestPage = await guest.newPage();
    await guestPage.goto(rsvp);
    await guestPage.getByRole('heading', { name: 'Winter preview' }).waitFor();
    await guestPage.getByRole('button', { name: 'Yes, I will come' }).click();
    await guestPage.getByText('your seat is confirmed').waitFor();
    await screenshot(guestPage, 'event-rsvp');
    await guest.close();

    // The door, on a phone.
    const phone = await openPage(browser, PHONE);
    await phone.goto(`${t.url}/events/${created.id}/check-in`);
    await signIn(phone, agent.email, agent.password);
    await phone.getByRole('heading', { name: 'Check-in: Winter preview', level: 1 }).waitFor();
    await phone.getByRole('textbox', { name: 'Find a guest' }).fill('gre');
    const card = phone.getByRole('listitem', { name: 'Greta Guest' });
    await card.getByText('Coming').waitFor();
    await card.getByRole('button', { name: 'Check in Greta Guest' }).click();
    await card.getByText(/Checked in/).waitFor();
    await screenshot(phone, 'event-check-in-phone');
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);

    const customerId = (
      await t.ctx.db.selectFrom('loyalty_event_attendee').select('customer_id').executeTakeFirstOrThrow()
    ).customer_id;
    const timeline = await (await t.api(`/api/v1/customers/${customerId}/timeline`)).json();
    const kinds = timeline.data.map((d: { kind: string }) => d.kind);
    expect(kinds).toEqual(
      expect.arrayContaining(['event-invited', 'event-rsvp', 'event-attended', 'reward-granted']),
    );
    expect((await (await t.api(`/api/v1/loyalty/customers/${customerId}`)).json()).balance).toBe(40);
    // The manager's view: answers and the report.
    await page.goto(`${t.url}/events/${created.id}`);
    await page.getByRole('table', { name: 'Report' }).getByRole('row', { name: 'Attended 1' }).waitFor();
    await page.getByRole('table', { name: 'Answers' }).getByText('Greta Guest').waitFor();
    await screenshot(page, 'event');
  });
});

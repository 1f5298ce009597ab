import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverPulseInvitation } from '../../src/modules/people/pulses/deliver-pulse-invitation.ts';
import { createStaffUser, startTestApp, type TestApp } from '../../test/helpers.ts';
import { startSmtpServer, type TestSmtp } from '../../test/smtp.ts';
import {
  accessibilityProblems,
  browserTestsRunnable,
  CHROMIUM,
  ensureWebBuilt,
  launchChromium,
  openPage,
  screenshot,
  signIn,
} from './harness.ts';

// A manager builds a pulse for three teams and opens a round; staff answer from the emailed link
// (a plain HTML form, one link once); after the round closes the results show the total and the
// one team that may be shown, and hide the small team and, because of it, the next smallest.
if (!browserTestsRunnable) console.warn(`skipping browser tests: no Chromium at ${CHROMIUM}`);

let t: TestApp;
let smtp: TestSmtp;
let browser: Browser;
let page: Page;
let manager: Awaited<ReturnType<typeof createStaffUser>>;
const members: Record<string, string[]> = {};

async function team(name: string, size: number) {
  const res = await t.api('/api/v1/teams', { method: 'POST', json: { name } });
  const { id } = await res.json();
  const staff = [];
  for (let i = 0; i < size; i++) staff.push((await createStaffUser(t.ctx, 'agent')).staff);
  await t.api(`/api/v1/teams/${id}/members`, {
    method: 'PUT',
    json: { members: staff.map((s) => ({ staffId: s.id })) },
  });
  members[name] = staff.map((s) => s.email);
}

describe.runIf(browserTestsRunnable)('pulses', () => {
  beforeAll(async () => {
    smtp = await startSmtpServer();
    const [app] = await Promise.all([
      startTestApp({ config: { smtpUrl: smtp.url, mailFrom: 'HR <hr@acme.example>' } }),
      ensureWebBuilt(),
    ]);
    t = app;
    manager = await createStaffUser(t.ctx, 'manager', 'mia@example.com');
    await team('Sales', 6);
    await team('Support', 5);
    await team('Small', 4);
    browser = await launchChromium();
    page = await openPage(browser);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await smtp?.close();
  });

  it('builds a pulse, mails a round, takes anonymous answers and hides groups under 5', async () => {
    await page.goto(`${t.url}/pulses`);
    await signIn(page, manager.staff.email, manager.password);
    const form = page.getByRole('form', { name: 'New pulse' });
    await form.getByRole('textbox', { name: 'Name' }).fill('Monthly pulse');
    await form.getByRole('button', { name: 'Add a question' }).click();
    await form.getByRole('textbox', { name: 'Question 2', exact: true }).fill('How is your workload?');
    await form.getByRole('combobox', { name: 'Teams', exact: true }).click();
    for (const name of ['Sales', 'Support', 'Small']) await page.getByRole('option', { name }).click();
    await page.keyboard.press('Escape');
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'pulse-builder');
    await form.getByRole('button', { name: 'Create pulse' }).click();
    await page.getByRole('heading', { name: 'Monthly pulse' }).waitFor();
    await page.getByRole('button', { name: 'Open a round now' }).click();
    await page.getByRole('status').filter({ hasText: '15 invited' }).waitFor();

    const invitations = await t.ctx.db.selectFrom('people_pulse_invitation').select('id').execute();
    for (const i of invitations) await deliverPulseInvitation(t.ctx, { invitationId: i.id });
    const mails = await smtp.received(15);
    const linkOf = (email: string) => {
      const m = mails.find((x) => !Array.isArray(x.to) && x.to?.text === email);
      return (m?.text?.match(/\/pulse\/[\w.-]+/) as RegExpMatchArray)[0];
    };

    // One person answers in a real browser page: no script, anonymous, once.
    const staffPage = await openPage(browser);
    const first = linkOf(members.Sales?.[0] as string);
    await staffPage.goto(t.url + first);
    await staffPage.getByText(/Your answers are anonymous/).waitFor();
    await staffPage.locator('#enps-s9').check();
    await staffPage.locator('#q1-s4').check();
    await staffPage.getByRole('button', { name: 'Send my answer' }).click();
    await staffPage.getByRole('heading', { name: 'Thank you!' }).waitFor();
    await staffPage.goto(t.url + first);
    await staffPage.getByRole('heading', { name: 'You have already answered' }).waitFor();
    await staffPage.close();
    // Everyone else answers by the same form post.
    const rest = [...(members.Sales ?? []).slice(1), ...(members.Support ?? []), ...(members.Small ?? [])];
    for (const email of rest) {
      const res = await fetch(t.url + linkOf(email), {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ enps: '8', q1: '3' }),
      });
      expect(res.status).toBe(200);
    }

    await page.reload();
    await page.getByRole('button', { name: 'Close round 1' }).click();
    const table = page.getByRole('table', { name: 'Results of round 1' });
    await table.waitFor();
    const row = (name: string) => table.getByRole('row', { name: new RegExp(`^${name}`) });
    await expect.poll(() => row('All teams').innerText()).toMatch(/15\s+6\.7/);
    expect(await row('Sales').innerText()).toMatch(/6\s+16\.7/);
    expect(await row('Support').innerText()).toMatch(/hidden \(fewer than 5\)/);
    expect(await row('Small').innerText()).toMatch(/hidden \(fewer than 5\)/);
    await page.getByRole('table', { name: 'Team trend' }).waitFor();
    await screenshot(page, 'pulse-results');
    // A filter on the small team shows nothing more.
    await page.getByRole('combobox', { name: 'Team filter' }).click();
    await page.getByRole('option', { name: 'Small' }).click();
    await expect.poll(() => table.getByRole('row').count()).toBe(2);
    expect(await row('Small').innerText()).toMatch(/hidden/);
    await page.getByRole('table', { name: 'Team trend' }).waitFor();
  });
});

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forgetStaffSessions } from '../../src/modules/staff/session-cache.ts';
import { type AnyJson, createStaffUser, startTestApp, type TestApp } from '../../test/helpers.ts';
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

let t: TestApp;
let browser: Browser;
let page: Page;
let admin: { id: string; email: string; password: string };
let smtp: TestSmtp;
let rileyId: string;

describe.runIf(browserTestsRunnable)('the web UI for an admin', () => {
  beforeAll(async () => {
    // A real SMTP peer, so the Email tab's test send really goes out.
    smtp = await startSmtpServer({ refuse: ['gone@example.com'] });
    const [app] = await Promise.all([
      startTestApp({ config: { smtpUrl: smtp.url, mailFrom: 'Acme Care <care@acme.example>' } }),
      ensureWebBuilt(),
    ]);
    t = app;
    const a = await createStaffUser(t.ctx, 'admin', 'ada@example.com');
    await t.ctx.db.updateTable('staff').set({ name: 'Ada Admin' }).where('id', '=', a.staff.id).execute();
    const agent = await createStaffUser(t.ctx, 'agent', 'riley@example.com');
    await t.ctx.db.updateTable('staff').set({ name: 'Riley Rep' }).where('id', '=', agent.staff.id).execute();
    rileyId = agent.staff.id;
    admin = { id: a.staff.id, email: a.staff.email, password: a.password };
    browser = await launchChromium();
    page = await openPage(browser);
    await page.goto(t.url);
    await signIn(page, admin.email, admin.password);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await smtp?.close();
  });

  it('shows Settings in the navigation and lists staff', async () => {
    const nav = await page.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents();
    expect(nav).toEqual(expect.arrayContaining(['Customers', 'My work', 'Dashboards', 'Settings']));
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
    await page.getByRole('cell', { name: 'riley@example.com' }).waitFor();
  });

  it('adds a staff member, and explains why the same email cannot be added twice', async () => {
    const add = async () => {
      await page
        .getByRole('tabpanel', { name: 'Staff' })
        .getByRole('button', { name: 'Add staff member' })
        .click();
      const dialog = page.getByRole('dialog', { name: 'Add a staff member' });
      await dialog.getByRole('textbox', { name: 'Email' }).fill('sam@example.com');
      await dialog.getByRole('textbox', { name: 'Name' }).fill('Sam Manager');
      await dialog.getByRole('combobox', { name: 'Role' }).click();
      await page.getByRole('option', { name: 'Manager' }).click();
      await dialog.getByRole('button', { name: 'Generate' }).click();
      await dialog.getByRole('button', { name: 'Add staff member' }).click();
      return dialog;
    };
    const first = await add();
    await first.waitFor({ state: 'hidden' });
    await page.getByRole('cell', { name: 'Sam Manager', exact: true }).waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'settings-staff');

    const dialog = await add();
    const alert = dialog.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('A staff user with email sam@example.com already exists');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
  });

  it('creates an API key, shows it once, and revokes it', async () => {
    await page.getByRole('tab', { name: 'API keys' }).click();
    await page.waitForURL(/\/settings\/api-keys$/);
    await page.getByRole('button', { name: 'Create API key' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('textbox', { name: 'Name' }).fill('Web shop');
    await dialog.getByRole('checkbox', { name: /^read/ }).check();
    await dialog.getByRole('button', { name: 'Create key' }).click();
    const shown = dialog.getByLabel('The new API key');
    await shown.waitFor();
    const key = (await shown.textContent())?.trim() ?? '';
    expect(key).toMatch(/^tnr_/);
    await screenshot(page, 'settings-api-key');
    const me = await t.api('/api/auth/me', { headers: { authorization: `Bearer ${key}` } });
    expect(await me.json()).toMatchObject({ kind: 'api_key', scopes: ['ingest', 'read'] });
    await dialog.getByRole('button', { name: 'Done' }).click();

    const row = page.getByRole('row', { name: /Web shop/ });
    await row.getByRole('button', { name: 'Revoke' }).click();
    await page
      .getByRole('dialog', { name: 'Revoke this key?' })
      .getByRole('button', { name: 'Revoke key' })
      .click();
    await row.getByText(/^Revoked/).waitFor();
    expect(await row.textContent()).not.toContain(key);
  });

  it('shows the audit log of reads and changes', async () => {
    await page.getByRole('tab', { name: 'Audit log' }).click();
    await page.getByRole('table', { name: 'Audit log' }).getByRole('row').nth(1).waitFor();
  });

  it('creates a team, sets its coverage and adds a member', async () => {
    // A second team, made through the API, for follow-the-sun company in the screenshot.
    const sam = ((await (await t.api('/api/v1/staff')).json()).data as AnyJson[]).find(
      (s) => s.email === 'sam@example.com',
    );
    const americas = await (
      await t.api('/api/v1/teams', {
        method: 'POST',
        json: { name: 'Support Americas', timeZone: 'America/New_York', managerId: sam.id },
      })
    ).json();
    await t.api(`/api/v1/teams/${americas.id}/coverage`, {
      method: 'PUT',
      json: { intervals: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '08:00', end: '20:00' })) },
    });
    await t.api(`/api/v1/teams/${americas.id}/members`, {
      method: 'PUT',
      json: { members: [{ staffId: sam.id, weight: 0.5 }] },
    });

    await page.getByRole('tab', { name: 'Teams' }).click();
    await page.waitForURL(/\/settings\/teams$/);
    await page.getByRole('button', { name: 'Create team' }).click();
    const create = page.getByRole('dialog', { name: 'Create a team' });
    await create.getByRole('textbox', { name: 'Name' }).fill('Support Europe');
    await create.getByRole('combobox', { name: 'Time zone' }).fill('Paris');
    await page.getByRole('option', { name: 'Europe/Paris' }).click();
    await create.getByRole('combobox', { name: 'Manager' }).fill('Sam');
    await page.getByRole('option', { name: 'Sam Manager (Manager)' }).click();
    await create.getByRole('button', { name: 'Create team' }).click();
    await create.waitFor({ state: 'hidden' });

    const card = page.getByRole('region', { name: 'Support Europe' });
    await card.getByText('Coverage: around the clock').waitFor();
    await card.getByRole('button', { name: 'Edit coverage of Support Europe' }).click();
    const coverage = page.getByRole('dialog', { name: 'Coverage of Support Europe' });
    // A new team is covered around the clock; "Set hours" starts from Mon–Fri 09:00–17:00.
    await coverage.getByRole('radio', { name: 'Set hours' }).check();
    await coverage.getByLabel('Friday until').fill('16:00');
    await coverage.getByRole('button', { name: 'Save coverage' }).click();
    await coverage.waitFor({ state: 'hidden' });
    await card.getByText('Coverage: Mon–Thu 09:00–17:00, Fri 09:00–16:00').waitFor();

    await card.getByRole('combobox', { name: 'Add a member to Support Europe' }).fill('Riley');
    await page.getByRole('option', { name: 'Riley Rep' }).click();
    await card.getByRole('button', { name: 'Add member' }).click();
    await card
      .getByRole('table', { name: 'Members of Support Europe' })
      .getByRole('cell', { name: 'Riley Rep', exact: true })
      .waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'settings-teams');

    const teams = (await (await t.api('/api/v1/teams')).json()).data as AnyJson[];
    const team = teams.find((x) => x.name === 'Support Europe');
    expect(team).toMatchObject({
      timeZone: 'Europe/Paris',
      managerId: sam.id,
      members: [{ staffId: rileyId, name: 'Riley Rep', weight: 1 }],
    });
    expect(team.coverage).toEqual([
      ...[1, 2, 3, 4].map((weekday) => ({ weekday, start: '09:00', end: '17:00' })),
      { weekday: 5, start: '09:00', end: '16:00' },
    ]);
  });

  it("sets a member's time zone and own working hours", async () => {
    await page.getByRole('tab', { name: 'Working hours' }).click();
    const row = page.getByRole('row', { name: /Riley Rep/ });
    await row.getByText('Coverage of Support Europe: Mon–Thu 09:00–17:00, Fri 09:00–16:00').waitFor();
    await row.getByRole('button', { name: 'Edit hours of Riley Rep' }).click();
    const dialog = page.getByRole('dialog', { name: 'Working hours of Riley Rep' });
    await dialog.getByRole('combobox', { name: 'Time zone' }).fill('New_York');
    await page.getByRole('option', { name: 'America/New_York' }).click();
    await dialog.getByRole('radio', { name: 'Their own hours' }).check();
    await dialog.getByRole('button', { name: 'Mon–Fri 09:00–17:00' }).click();
    await dialog.getByRole('switch', { name: 'Wednesday' }).uncheck();
    await dialog.getByRole('switch', { name: 'Saturday' }).check();
    await dialog.getByLabel('Saturday from').fill('10:00');
    await dialog.getByLabel('Saturday until').fill('14:00');
    expect(await accessibilityProblems(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Save hours' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await row.getByText('Mon–Tue 09:00–17:00, Thu–Fri 09:00–17:00, Sat 10:00–14:00').waitFor();
    await row.getByText('America/New_York').waitFor();

    const hours = (await (await t.api('/api/v1/staff/hours')).json()).data as AnyJson[];
    expect(hours.find((h) => h.staffId === rileyId)).toMatchObject({
      timeZone: 'America/New_York',
      follows: 'own',
      teamId: expect.any(String),
      intervals: [
        { weekday: 1, start: '09:00', end: '17:00' },
        { weekday: 2, start: '09:00', end: '17:00' },
        { weekday: 4, start: '09:00', end: '17:00' },
        { weekday: 5, start: '09:00', end: '17:00' },
        { weekday: 6, start: '10:00', end: '14:00' },
      ],
    });
  });

  it('changes the survey budget, explained in plain words', async () => {
    await page.getByRole('tab', { name: 'Survey budget' }).click();
    const card = page.getByRole('region', { name: 'Surveys' });
    await card
      .getByText('At most 1 survey per customer every 30 days, and at most 2 reminders per survey.')
      .waitFor();
    await card.getByRole('button', { name: 'Change the budget for Surveys' }).click();
    const dialog = page.getByRole('dialog', { name: 'Budget for Surveys' });
    await dialog.getByRole('textbox', { name: /^At most/ }).fill('2');
    await dialog.getByRole('textbox', { name: /^Every/ }).fill('90');
    await dialog.getByRole('textbox', { name: /^Reminders per survey/ }).fill('1');
    await dialog
      .getByText('At most 2 surveys per customer every 90 days, and at most 1 reminder per survey.')
      .waitFor();
    await dialog.getByRole('button', { name: 'Save rule' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await card
      .getByText('At most 2 surveys per customer every 90 days, and at most 1 reminder per survey.')
      .waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);

    const rules = (await (await t.api('/api/v1/outreach/rules')).json()).data as AnyJson[];
    expect(rules.find((r) => r.purpose === 'survey')).toEqual({
      purpose: 'survey',
      maxContacts: 2,
      windowDays: 90,
      maxReminders: 1,
    });
  });

  it('shows the SMTP settings without the password and sends a real test email', async () => {
    await page.getByRole('tab', { name: 'Email (SMTP)' }).click();
    const panel = page.getByRole('tabpanel', { name: 'Email (SMTP)' });
    const current = panel.getByRole('table', { name: 'Current mail settings' });
    await current.getByText(`127.0.0.1:${new URL(smtp.url).port}`).waitFor();
    expect(await current.textContent()).toContain('Acme Care <care@acme.example>');
    await panel.getByText('SMTP_URL=smtp://user:password@smtp.example.com:587').waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);

    const to = panel.getByRole('textbox', { name: 'Send to' });
    expect(await to.inputValue()).toBe('ada@example.com');
    await to.fill('ops@example.com');
    await panel.getByRole('button', { name: 'Send test email' }).click();
    await panel
      .getByRole('status')
      .getByText(/accepted the test email to ops@example\.com/)
      .waitFor();
    const [mail] = await smtp.received(1);
    expect(mail?.subject).toBe('Tenure test email');
    expect(mail?.to && !Array.isArray(mail.to) && mail.to.text).toBe('ops@example.com');
    expect(mail?.text).toContain('Ada Admin <ada@example.com>');

    // A refusal by the SMTP server comes back in words, not as "something went wrong".
    await to.fill('gone@example.com');
    await panel.getByRole('button', { name: 'Send test email' }).click();
    const alert = panel.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/refused to send to gone@example\.com .*550/);

    const audit = (await (await t.api('/api/v1/audit')).json()).data as AnyJson[];
    expect(
      audit.filter((a) => a.action === 'settings.mail.test').map((a) => [a.target, a.details.sent]),
    ).toEqual([
      ['gone@example.com', false],
      ['ops@example.com', true],
    ]);
  });

  it('asks to sign in again, in plain words, when the session has ended', async () => {
    await t.ctx.db.deleteFrom('staff_session').execute();
    // Ended elsewhere (another process, or expiry): the server's session cache would notice within
    // SESSION_CACHE_MS; the test does not wait for that.
    forgetStaffSessions(admin.id);
    // The next request (a test send on the Email tab, where the last test left off) finds the
    // session gone; a click that always calls the API keeps this independent of query caching.
    await page.getByRole('button', { name: 'Send test email' }).click();
    await page.getByText('Your session has ended. Sign in again to continue where you were.').waitFor();
    await signIn(page, admin.email, admin.password);
    await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/settings/email');
  });
});

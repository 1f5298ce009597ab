import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaffUser, startTestApp, type TestApp } from '../../test/helpers.ts';
import {
  accessibilityProblems,
  browserTestsRunnable,
  ensureWebBuilt,
  LAPTOP,
  launchChromium,
  screenshot,
  signIn,
} from './harness.ts';

let t: TestApp;
let browser: Browser;
let page: Page;
let admin: { email: string; password: string };

describe.runIf(browserTestsRunnable)('the web UI for an admin', () => {
  beforeAll(async () => {
    const [app] = await Promise.all([startTestApp(), ensureWebBuilt()]);
    t = app;
    const a = await createStaffUser(t.ctx, 'admin', 'ada@example.com');
    await t.ctx.db.updateTable('staff').set({ name: 'Ada Admin' }).where('id', '=', a.staff.id).execute();
    const agent = await createStaffUser(t.ctx, 'agent', 'riley@example.com');
    await t.ctx.db.updateTable('staff').set({ name: 'Riley Rep' }).where('id', '=', agent.staff.id).execute();
    admin = { email: a.staff.email, password: a.password };
    browser = await launchChromium();
    const context = await browser.newContext({
      viewport: LAPTOP,
      locale: 'en-GB',
      timezoneId: 'Europe/London',
    });
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
    await page.goto(t.url);
    await signIn(page, admin.email, admin.password);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
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
    await page.getByRole('cell', { name: 'Sam Manager' }).waitFor();
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

  it('asks to sign in again, in plain words, when the session has ended', async () => {
    await t.ctx.db.deleteFrom('staff_session').execute();
    await page.getByRole('link', { name: 'Customers' }).click();
    // The first request after that (a new search) finds the session gone.
    await page.getByLabel('Search customers').fill('ada');
    await page.getByText('Your session has ended. Sign in again to continue where you were.').waitFor();
    await signIn(page, admin.email, admin.password);
    await page.getByRole('heading', { name: 'Customers', level: 1 }).waitFor();
  });
});

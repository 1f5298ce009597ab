import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaffUser, startTestApp, type TestApp } from '../../test/helpers.ts';
import {
  accessibilityProblems,
  browserTestsRunnable,
  ensureWebBuilt,
  launchChromium,
  openPage,
  signIn,
} from './harness.ts';

// A manager sets up win-back, sees in a dry run that a customer who refused email gets a rep's
// task by SMS (and why) while another gets the email, then runs it and reads the results.

let t: TestApp;
let browser: Browser;
let page: Page;
let manager: { email: string; password: string };

describe.runIf(browserTestsRunnable)('Win-back', () => {
  beforeAll(async () => {
    const [app] = await Promise.all([startTestApp(), ensureWebBuilt()]);
    t = app;
    const m = await createStaffUser(t.ctx, 'manager', 'mo@example.com');
    manager = { email: m.staff.email, password: m.password };
    for (const [name, email] of [
      ['Lena Gone', 'lena@wb-e2e.example'],
      ['Omar Quiet', 'omar@wb-e2e.example'],
    ] as const) {
      const res = await t.api('/api/v1/customers', {
        method: 'POST',
        json: { name, emails: [email], phones: ['+44 20 7946 0000'] },
      });
      const { id } = (await res.json()) as { id: string };
      await t.ctx.db.updateTable('customer').set({ status: 'lapsed' }).where('id', '=', id).execute();
      if (name === 'Omar Quiet')
        await t.api(`/api/v1/outreach/customers/${id}/consent`, {
          method: 'PUT',
          json: {
            cells: [{ channel: 'email', purpose: 'marketing', state: 'refused' }],
            source: 'told a rep',
          },
        });
    }
    browser = await launchChromium();
    page = await openPage(browser);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('saves settings, refuses bad Liquid, dry-runs with reasons, runs and shows results', async () => {
    await page.goto(`${t.url}/customers`);
    await signIn(page, manager.email, manager.password);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Win-back' }).click();
    await page.getByRole('heading', { name: 'Win-back', level: 1 }).waitFor();
    await page.getByRole('textbox', { name: 'Hold out (%)' }).fill('0');
    await page.getByRole('textbox', { name: /^Body/ }).fill('Hi {{ customer.firstName | shout }}');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('alert').getByText(/shout/).waitFor();
    await page.getByRole('textbox', { name: /^Body/ }).fill('Hi {{ customer.firstName }}, come back.');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Win-back saved').waitFor();
    expect((await (await t.api('/api/v1/winback/settings')).json()).holdoutShare).toBe(0);

    await page.getByRole('button', { name: 'Dry run' }).click();
    const items = page.getByRole('table', { name: 'Customers in the run' });
    await page.getByRole('heading', { name: 'Dry run: nothing was sent' }).waitFor();
    await items
      .getByRole('row', { name: /Omar Quiet contact sms no email: sms instead \(opted out of newsletters/ })
      .waitFor();
    await items.getByRole('row', { name: /Lena Gone contact email/ }).waitFor();
    expect((await (await t.api('/api/v1/winback/runs')).json()).data).toEqual([]);
    expect(await accessibilityProblems(page)).toEqual([]);

    await page.getByRole('button', { name: 'Run now' }).click();
    await page.getByRole('heading', { name: 'Run started' }).waitFor();
    const runs = page.getByRole('table', { name: 'Win-back runs' });
    await runs.getByRole('row', { name: /\(manual\) 2 0 0 \/ 0/ }).waitFor();
  });
});

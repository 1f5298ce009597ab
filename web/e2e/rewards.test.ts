import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaffUser, startTestApp, type TestApp } from '../../test/helpers.ts';
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
let customerId: string;

describe.runIf(browserTestsRunnable)('rewards in the web UI', () => {
  beforeAll(async () => {
    const [app] = await Promise.all([startTestApp(), ensureWebBuilt()]);
    t = app;
    const a = await createStaffUser(t.ctx, 'admin', 'ada@example.com');
    customerId = (
      await (await t.api('/api/v1/customers', { method: 'POST', json: { name: 'Rae Rewards' } })).json()
    ).id;
    const given = await t.api(`/api/v1/loyalty/customers/${customerId}/adjustments`, {
      method: 'POST',
      json: { points: 250, reason: 'Welcome', key: 'welcome' },
    });
    expect(given.status).toBe(200);
    browser = await launchChromium();
    page = await openPage(browser);
    await page.goto(t.url);
    await signIn(page, a.staff.email, a.password);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('Settings → Rewards: an admin adds a discount to the catalogue', async () => {
    await page.goto(`${t.url}/settings/rewards`);
    const form = page.getByRole('form', { name: 'New reward' });
    await form.getByRole('textbox', { name: 'Name' }).fill('10% off');
    await form.getByRole('textbox', { name: 'Points' }).fill('100');
    await form.getByRole('textbox', { name: 'Code prefix' }).fill('TEN');
    await form.getByRole('button', { name: 'Add reward' }).click();
    await page.getByRole('table', { name: 'Rewards' }).getByText('10% off').waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'settings-rewards');
    const list = await (await t.api('/api/v1/loyalty/rewards')).json();
    expect(list.data).toMatchObject([
      { name: '10% off', points: 100, codePrefix: 'TEN', codeSource: 'generated' },
    ]);
  });

  it('a rep redeems a reward from the 360 and reads out the code', async () => {
    await page.goto(`${t.url}/customers/${customerId}`);
    const panel = page.getByRole('region', { name: 'Rewards' });
    await panel.getByText('250 points to spend').waitFor();
    await panel.getByRole('combobox', { name: 'Reward' }).click();
    await page.getByRole('option', { name: /10% off/ }).click();
    await panel.getByRole('button', { name: 'Redeem' }).click();
    const code = panel.getByLabel('Reward code');
    await code.waitFor();
    expect(await code.textContent()).toMatch(/^TEN-[A-Z2-9]{8}$/);
    await panel.getByText('150 points to spend').waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    await panel.scrollIntoViewIfNeeded();
    await screenshot(page, 'customer-360-rewards');
  });

  it('the customer redeems on the public page, without JavaScript', async () => {
    await page.goto(`${t.url}/customers/${customerId}`);
    const panel = page.getByRole('region', { name: 'Rewards' });
    await panel.getByRole('button', { name: "Get the customer's rewards page link" }).click();
    const url = (await panel.getByLabel('Rewards page link').getAttribute('href')) as string;
    expect(url).toContain('/rw/');

    const context = await browser.newContext({ javaScriptEnabled: false });
    const customer = await context.newPage();
    await customer.goto(new URL(new URL(url).pathname, t.url).toString());
    await customer.getByText('150 points to spend', { exact: false }).waitFor();
    await screenshot(customer, 'rewards-page');
    await customer.getByRole('button', { name: 'Redeem for 100 points' }).click();
    const shown = await customer.locator('[data-code]').textContent();
    expect(shown).toMatch(/^TEN-[A-Z2-9]{8}$/);
    // Back on the page: 50 left, so the reward can no longer be redeemed.
    await customer.getByRole('link', { name: 'Back to your rewards' }).click();
    await customer.getByText('50 points to spend', { exact: false }).waitFor();
    expect(await customer.getByRole('button', { name: 'Redeem for 100 points' }).isDisabled()).toBe(true);
    await context.close();
    const mine = await (await t.api(`/api/v1/loyalty/customers/${customerId}/redemptions`)).json();
    expect(mine.data.map((d: { channel: string }) => d.channel)).toEqual(['public', 'staff']);
  });
});

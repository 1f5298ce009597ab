import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordInteractions } from '../../src/modules/customers/index.ts';
import { createStaffUser, startTestApp, type TestApp } from '../../test/helpers.ts';
import {
  accessibilityProblems,
  browserTestsRunnable,
  ensureWebBuilt,
  launchChromium,
  openPage,
  signIn,
} from './harness.ts';

let t: TestApp;
let browser: Browser;
let page: Page;
let customerId: string;

const purchase = (sourceId: string, amountMinor: number) =>
  recordInteractions(t.ctx, [
    {
      customer: { id: customerId },
      source: 'shop',
      sourceId,
      channel: 'web',
      kind: 'purchase',
      occurredAt: new Date(Date.now() - 60_000),
      amountMinor,
      currency: 'USD',
    },
  ]);

describe.runIf(browserTestsRunnable)('loyalty in the web UI', () => {
  beforeAll(async () => {
    const [app] = await Promise.all([startTestApp(), ensureWebBuilt()]);
    t = app;
    const a = await createStaffUser(t.ctx, 'admin', 'ada@example.com');
    customerId = (
      await (await t.api('/api/v1/customers', { method: 'POST', json: { name: 'Pat Points' } })).json()
    ).id;
    // Bought before any rule existed: the dry run sees it, earning did not.
    await purchase('before-rules', 4250);
    browser = await launchChromium();
    page = await openPage(browser);
    await page.goto(t.url);
    await signIn(page, a.staff.email, a.password);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('Settings → Loyalty: a malformed rule is refused with where; a dry run tells what a rule would earn; the rule is added', async () => {
    await page.goto(`${t.url}/settings/loyalty`);
    const form = page.getByRole('form', { name: 'New earn rule' });
    await form.getByRole('textbox', { name: 'Name' }).fill('One per dollar');
    await form.getByRole('textbox', { name: 'Condition' }).fill('amount >');
    await form.getByRole('button', { name: 'Add rule' }).click();
    await form
      .getByRole('alert')
      .filter({ hasText: /line 1, column/ })
      .waitFor();
    await form.getByRole('textbox', { name: 'Condition' }).fill('true');
    await form.getByRole('button', { name: 'Try on past purchases' }).click();
    const result = page.getByLabel('Dry run result');
    await result.getByText(/42 points for 1 purchases of 1 customers/).waitFor();
    expect(await result.textContent()).toMatch(/One per dollar: 42 points on 1 purchases/);
    await form.getByRole('button', { name: 'Add rule' }).click();
    await page
      .getByRole('table', { name: 'Earn rules' })
      .getByRole('cell', { name: 'One per dollar', exact: true })
      .waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    const rules = await (await t.api('/api/v1/loyalty/earn-rules')).json();
    expect(rules.data.map((r: { name: string; points: string }) => [r.name, r.points])).toEqual([
      ['One per dollar', 'int(amount)'],
    ]);
  });

  it('the customer 360 shows the points a purchase earned, and the history', async () => {
    await purchase('after-rules', 1999);
    await page.goto(`${t.url}/customers/${customerId}`);
    const panel = page.getByLabel('Loyalty', { exact: true });
    await panel.getByLabel('Points available').filter({ hasText: '19' }).waitFor();
    expect(await panel.getByLabel('Points pending').textContent()).toBe('0');
    const rows = panel.getByRole('table', { name: 'Points history' }).getByRole('row');
    expect(await rows.count()).toBe(2); // header + the one earn
    expect(await rows.nth(1).textContent()).toMatch(/Earned.*Purchase.*\+19/);
  });
});

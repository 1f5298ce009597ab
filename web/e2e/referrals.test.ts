import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setTestScores } from '../../src/modules/insight/testing/set-scores.ts';
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

// A referrer's 360 shows their code, link and whom they referred; the referred customer's 360
// shows who referred them; a manager's Referrals dashboard shows the two groups with their sizes.

let t: TestApp;
let browser: Browser;
let page: Page;
let manager: { email: string; password: string };
let referrer: string;
let friend: string;
let code: string;

describe.runIf(browserTestsRunnable)('Referrals', () => {
  beforeAll(async () => {
    const [app] = await Promise.all([startTestApp(), ensureWebBuilt()]);
    t = app;
    const m = await createStaffUser(t.ctx, 'manager', 'rita@example.com');
    manager = { email: m.staff.email, password: m.password };
    const make = async (name: string, email: string) =>
      (await (await t.api('/api/v1/customers', { method: 'POST', json: { name, emails: [email] } })).json())
        .id;
    referrer = await make('Rosa Referrer', 'rosa@example.com');
    friend = await make('Fred Friend', 'fred@example.com');
    await make('Nina Nobody', 'nina@example.com');
    code = (await (await t.api(`/api/v1/referrals/customers/${referrer}`)).json()).code;
    const r = await t.api('/api/v1/referrals', { method: 'POST', json: { code, customerId: friend } });
    expect(r.status).toBe(201);
    await setTestScores(t.ctx, [{ customerId: friend, pAlive: 0.8, clvMinor: 12000 }]);
    browser = await launchChromium();
    page = await openPage(browser);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it("shows codes and who referred whom in the 360, and the managers' report", async () => {
    await page.goto(`${t.url}/customers/${referrer}`);
    await signIn(page, manager.email, manager.password);
    const panel = page.getByRole('region', { name: 'Referrals' });
    await panel.getByLabel('Referral code').getByText(code).waitFor();
    await panel.getByRole('link', { name: new RegExp(`/r/${code}$`) }).waitFor();
    await panel.getByRole('list', { name: 'Referred' }).getByRole('link', { name: 'Fred Friend' }).click();

    await page.getByRole('heading', { name: 'Fred Friend', level: 1 }).waitFor();
    const fred = page.getByRole('region', { name: 'Referrals' });
    await fred.getByLabel('Referred by').getByRole('link', { name: 'Rosa Referrer' }).waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Referrals' }).click();
    await page.getByRole('heading', { name: 'Referrals', level: 1 }).waitFor();
    const table = page.getByRole('table', { name: 'Referral groups' }).first();
    const referredRow = table.getByRole('row', { name: /^Referred/ });
    await referredRow.getByRole('cell', { name: '1', exact: true }).first().waitFor();
    await referredRow.getByRole('cell', { name: '80%', exact: true }).waitFor();
    const otherRow = table.getByRole('row', { name: /^Not referred/ });
    await otherRow.getByRole('cell', { name: '2', exact: true }).first().waitFor();
    await page.getByLabel('Verdict').waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'referrals-dashboard');
  });
});

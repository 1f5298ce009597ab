import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setTestScores } from '../../src/modules/insight/testing/set-scores.ts';
import { createStaffUser, logInCookie, startTestApp, type TestApp } from '../../test/helpers.ts';
import {
  accessibilityProblems,
  browserTestsRunnable,
  ensureWebBuilt,
  launchChromium,
  openPage,
  signIn,
  TABLET,
} from './harness.ts';
import { seedCustomers } from './seed.ts';

// A manager's morning: find the customers at risk, worst first, and hand two of them to a
// colleague in one go.

let t: TestApp;
let browser: Browser;
let page: Page;
let manager: { email: string; password: string };
let agent: { email: string; password: string };
let caseyId: string;
/** Health given to each customer: distinct values, so the expected order is exact. */
const healthOf = new Map<string, number>();

const rows = () => page.locator('table[aria-label="Customers"] tbody tr');
/** The health numbers shown, top to bottom ("12 · At risk" → 12). */
const shownHealth = () =>
  page.evaluate(() =>
    [...document.querySelectorAll('table[aria-label="Customers"] tbody tr')].map((tr) =>
      Number(/(\d+) · (At risk|Watch|Healthy)/.exec(tr.textContent ?? '')?.[1] ?? Number.NaN),
    ),
  );
const waitForHealth = (expected: number[]) =>
  page.waitForFunction(
    (want) =>
      JSON.stringify(
        [...document.querySelectorAll('table[aria-label="Customers"] tbody tr')].map((tr) =>
          Number(/(\d+) · (At risk|Watch|Healthy)/.exec(tr.textContent ?? '')?.[1] ?? Number.NaN),
        ),
      ) === JSON.stringify(want),
    expected,
  );

describe.runIf(browserTestsRunnable)('the customer list for a manager', () => {
  beforeAll(async () => {
    const [app] = await Promise.all([startTestApp(), ensureWebBuilt()]);
    t = app;
    const m = await createStaffUser(t.ctx, 'manager', 'morgan@example.com');
    const a = await createStaffUser(t.ctx, 'agent', 'riley@example.com');
    const casey = await createStaffUser(t.ctx, 'agent', 'casey@example.com');
    for (const [s, name] of [
      [m, 'Morgan Manager'],
      [a, 'Riley Rep'],
      [casey, 'Casey Colleague'],
    ] as const) {
      await t.ctx.db.updateTable('staff').set({ name }).where('id', '=', s.staff.id).execute();
    }
    manager = { email: m.staff.email, password: m.password };
    agent = { email: a.staff.email, password: a.password };
    caseyId = casey.staff.id;
    await seedCustomers(t, { customers: 60, ownerId: a.staff.id });
    const all = await (await t.api('/api/v1/customers?limit=200')).json();
    // 37 is coprime with 100: every customer gets a different health, about a third under 40.
    (all.data as { id: string }[]).forEach((c, i) => {
      healthOf.set(c.id, (i * 37) % 100);
    });
    await setTestScores(
      t.ctx,
      [...healthOf].map(([customerId, health]) => ({
        customerId,
        health,
        pAlive: health / 100,
        clvMinor: health * 1000,
        churnProbability: 1 - health / 100,
      })),
    );
    browser = await launchChromium();
    page = await openPage(browser);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('filters by health band and sorts by health over all customers', async () => {
    await page.goto(`${t.url}/customers`);
    await signIn(page, manager.email, manager.password);
    await rows().nth(10).waitFor();

    await page.getByRole('combobox', { name: 'Health' }).click();
    await page.getByRole('option', { name: 'At risk (under 40)' }).click();
    await page.waitForURL(/[?&]health=at-risk/);
    const atRisk = [...healthOf.values()].filter((h) => h < 40);
    expect(atRisk.length).toBeGreaterThan(10);

    const sortButton = page.getByRole('button', { name: 'Health, sort' });
    const healthHeader = page.getByRole('columnheader', { name: 'Health, sort' });
    await sortButton.click();
    await page.waitForURL(/sort=health&dir=asc/);
    await waitForHealth([...atRisk].sort((x, y) => x - y));
    expect(await healthHeader.getAttribute('aria-sort')).toBe('ascending');

    await sortButton.click();
    await page.waitForURL(/sort=health&dir=desc/);
    await waitForHealth([...atRisk].sort((x, y) => y - x));
    expect(await healthHeader.getAttribute('aria-sort')).toBe('descending');
    expect((await shownHealth()).every((h) => h < 40)).toBe(true);
    // The rest of the row: P(alive) as a percentage and the last conversation.
    expect(await rows().first().textContent()).toContain(`${Math.max(...atRisk)}%`);
  });

  it('selects two customers and gives them to a colleague after a confirmation', async () => {
    const first = rows().nth(0);
    const second = rows().nth(1);
    const ids = await Promise.all(
      [first, second].map(async (r) =>
        ((await r.getByRole('link').getAttribute('href')) ?? '').replace('/customers/', ''),
      ),
    );
    for (const id of ids) {
      expect((await (await t.api(`/api/v1/customers/${id}`)).json()).ownerId).not.toBe(caseyId);
    }
    await first.getByRole('checkbox').check();
    await second.getByRole('checkbox').check();
    const bar = page.getByRole('region', { name: 'Bulk actions' });
    await bar.getByText('2 customers selected').waitFor();
    expect(await page.getByRole('checkbox', { name: 'Select all customers on this page' }).isChecked()).toBe(
      false,
    );
    expect(await accessibilityProblems(page)).toEqual([]);

    await bar.getByRole('combobox', { name: 'New owner' }).click();
    await page.getByRole('option', { name: 'Casey Colleague' }).click();
    await bar.getByRole('button', { name: 'Assign owner' }).click();
    const dialog = page.getByRole('dialog', { name: 'Assign owner?' });
    await dialog.getByText('Make Casey Colleague the owner of 2 customers?').waitFor();
    await dialog.getByRole('button', { name: 'Assign 2 customers' }).click();
    await page.getByText('Casey Colleague now owns 2 customers more.').waitFor();
    await dialog.waitFor({ state: 'hidden' });
    // The selection is done with; the rows now name their new owner.
    await bar.waitFor({ state: 'hidden' });
    await page.waitForFunction(() =>
      [...document.querySelectorAll('table[aria-label="Customers"] tbody tr')]
        .slice(0, 2)
        .every((tr) => tr.textContent?.includes('Casey Colleague')),
    );

    for (const id of ids) {
      expect((await (await t.api(`/api/v1/customers/${id}`)).json()).ownerId).toBe(caseyId);
    }
    const assigned = await (await t.api(`/api/v1/customers?ownerId=${caseyId}`)).json();
    expect(assigned.data.map((c: { id: string }) => c.id).sort()).toEqual([...ids].sort());
  });

  it('selects a whole page at once', async () => {
    const all = page.getByRole('checkbox', { name: 'Select all customers on this page' });
    await all.check();
    const n = await rows().count();
    await page.getByRole('region', { name: 'Bulk actions' }).getByText(`${n} customers selected`).waitFor();
    await all.uncheck();
    await page.getByRole('region', { name: 'Bulk actions' }).waitFor({ state: 'hidden' });
  });

  it('says the true total and hands every matching customer over, not just the loaded page', async () => {
    const total: number = (await (await t.api('/api/v1/customers/count')).json()).count;
    expect(total).toBeGreaterThan(50);
    const n = total.toLocaleString('en-GB');
    await page.goto(`${t.url}/customers`);
    await rows().nth(49).waitFor();
    // Only 50 rows are loaded; the heading counts every customer.
    await page
      .getByRole('status')
      .filter({ hasText: new RegExp(`^${n} customers$`) })
      .waitFor();
    expect(await rows().count()).toBe(50);

    await page.getByRole('checkbox', { name: 'Select all customers on this page' }).check();
    const bar = page.getByRole('region', { name: 'Bulk actions' });
    await bar.getByText('50 customers selected').waitFor();
    await bar.getByRole('button', { name: `Select all ${n} customers matching` }).click();
    await bar.getByText(`All ${n} customers matching selected`).waitFor();

    await bar.getByRole('combobox', { name: 'New owner' }).click();
    await page.getByRole('option', { name: 'Casey Colleague' }).click();
    await bar.getByRole('button', { name: 'Assign owner' }).click();
    const dialog = page.getByRole('dialog', { name: 'Assign owner?' });
    await dialog.getByText(`Make Casey Colleague the owner of ${n} customers?`).waitFor();
    await dialog.getByRole('button', { name: `Assign ${n} customers` }).click();
    // Two of them were Casey's already (the test before this one).
    await page
      .getByText(`Casey Colleague now owns ${total - 2} customers more. 2 customers already had them.`)
      .waitFor();
    const owned = await (await t.api(`/api/v1/customers/count?ownerId=${caseyId}`)).json();
    expect(owned).toEqual({ count: total, exact: true });
  });

  it('signing out takes the workspace off the screen and shows the sign-in page', async () => {
    const p = await openPage(browser);
    const listRows = p.locator('table[aria-label="Customers"] tbody tr');
    await p.goto(`${t.url}/customers`);
    await signIn(p, manager.email, manager.password);
    await listRows.first().waitFor();
    await p.getByRole('button', { name: 'Account: Morgan Manager' }).click();
    await p.getByRole('menuitem', { name: 'Sign out' }).click();
    await p.getByLabel('Email', { exact: true }).waitFor();
    expect(await p.getByRole('navigation', { name: 'Main' }).count()).toBe(0);
    expect(await p.locator('table[aria-label="Customers"]').count()).toBe(0);
    // The session is gone on the server too, and signing in again works from here.
    expect((await p.request.get(`${t.url}/api/auth/me`)).status()).toBe(401);
    await signIn(p, manager.email, manager.password);
    await listRows.first().waitFor();
    await p.context().close();
  });

  it('shows an agent the scores but no bulk actions, and fits a tablet', async () => {
    const cookie = await logInCookie(t, agent.email, agent.password);
    const [name, value] = cookie.split('=') as [string, string];
    const tablet = await browser.newContext({
      viewport: TABLET,
      locale: 'en-GB',
      timezoneId: 'Europe/London',
    });
    await tablet.addCookies([{ name, value, url: t.url }]);
    const p = await tablet.newPage();
    await p.goto(`${t.url}/customers?health=healthy&sort=health&dir=desc`);
    const top = p.locator('table[aria-label="Customers"] tbody tr').first();
    await top.waitFor();
    expect(await top.textContent()).toContain(`${Math.max(...healthOf.values())} · Healthy`);
    expect(await p.getByRole('checkbox').count()).toBe(0);
    expect(await accessibilityProblems(p)).toEqual([]);
    // Nothing but the table's own scroll area is wider than the screen.
    const overflow = await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await tablet.close();
  });
});

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCustomer } from '../../src/modules/customers/index.ts';
import { manualClock } from '../../src/modules/loop/testing/fixtures.ts';
import { addResolvedCase, addResponse, csatSurvey } from '../../src/modules/people/test-fixtures.ts';
import { createStaffUser, startTestApp, type TestApp } from '../../test/helpers.ts';
import {
  browserTestsRunnable,
  CHROMIUM,
  ensureWebBuilt,
  launchChromium,
  openPage,
  screenshot,
  signIn,
} from './harness.ts';

// A manager sets an assignment rule (a rule for nobody is refused), runs it, and a rep reads
// their scorecard: numbers with the counts behind them and the customers behind the numbers.
if (!browserTestsRunnable) console.warn(`skipping browser tests: no Chromium at ${CHROMIUM}`);

const clock = manualClock('2026-02-02T10:00:00Z');
let t: TestApp;
let browser: Browser;
let page: Page;
let agent: Awaited<ReturnType<typeof createStaffUser>>;
let manager: Awaited<ReturnType<typeof createStaffUser>>;

const countries = () => page.getByRole('combobox', { name: 'Countries' });

describe.runIf(browserTestsRunnable)('people', () => {
  beforeAll(async () => {
    const [app] = await Promise.all([startTestApp({ clock }), ensureWebBuilt()]);
    t = app;
    agent = await createStaffUser(t.ctx, 'agent', 'rita@example.com');
    manager = await createStaffUser(t.ctx, 'manager', 'max@example.com');
    await t.ctx.db.updateTable('staff').set({ name: 'Rita Rep' }).where('id', '=', agent.staff.id).execute();
    clock.set('2025-12-01T00:00:00Z');
    const owned = (await createCustomer(t.ctx, { name: 'Olga Owned', ownerId: agent.staff.id })).id;
    for (let i = 0; i < 3; i++) await createCustomer(t.ctx, { name: `Neu ${i}`, address: { country: 'DE' } });
    clock.set('2026-02-02T10:00:00Z');
    const survey = await csatSurvey(t);
    await addResponse(t, survey, owned, 5, '2026-01-10T10:00:00Z');
    await addResolvedCase(t, owned, 'saved', '2026-01-12T10:00:00Z');
    browser = await launchChromium();
    page = await openPage(browser);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('lets a manager add a rule (not one for nobody) and assign unowned customers', async () => {
    await page.goto(`${t.url}/settings/assignment`);
    await signIn(page, manager.staff.email, manager.password);
    await page.getByRole('textbox', { name: 'Name' }).fill('Iceland');
    await countries().fill('IS');
    await countries().press('Enter');
    await page.getByRole('combobox', { name: 'Reps', exact: true }).click();
    await page.getByRole('option', { name: 'Rita Rep' }).click();
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Add rule' }).click();
    await page.getByText(/matches no customer/).waitFor();
    await countries().press('Backspace');
    await countries().fill('DE');
    await countries().press('Enter');
    await page.getByRole('textbox', { name: 'Name' }).fill('Germany');
    await page.getByRole('button', { name: 'Add rule' }).click();
    await page
      .getByRole('table', { name: 'Assignment rules' })
      .getByRole('row', { name: /Germany/ })
      .waitFor();
    await page.getByRole('button', { name: 'Assign unowned customers now' }).click();
    await page.getByRole('status').filter({ hasText: '3 assigned' }).waitFor();
    await screenshot(page, 'people-assignment-rules');
    const owners = await t.ctx.db
      .selectFrom('customer')
      .select('owner_id')
      .where('name', 'like', 'Neu %')
      .execute();
    expect(owners.every((o) => o.owner_id === agent.staff.id)).toBe(true);
  });

  it('shows a rep their own scorecard with the counts and customers behind each number', async () => {
    const rep = await openPage(browser);
    await rep.goto(`${t.url}/scorecard`);
    await signIn(rep, agent.staff.email, agent.password);
    await rep.getByLabel('From').fill('2026-01-01');
    await rep.getByLabel('To (exclusive)').fill('2026-02-01');
    const cardTable = rep.getByRole('table', { name: 'Rita Rep' });
    await cardTable.getByRole('row', { name: /CSAT.*100%.*1 answers/ }).waitFor();
    await cardTable.getByRole('row', { name: /Save rate.*100%.*1 cases at risk/ }).waitFor();
    const behind = rep.getByRole('table', { name: "Behind Rita Rep's numbers" });
    await behind.getByRole('row', { name: /Olga Owned.*CSAT 5/ }).waitFor();
    expect(await rep.getByLabel('Team').count()).toBe(0);
    await screenshot(rep, 'people-my-scorecard');
    await rep.close();
  });
});

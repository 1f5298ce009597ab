import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCustomer } from '../../src/modules/customers/index.ts';
import { manualClock } from '../../src/modules/loop/testing/fixtures.ts';
import { addResolvedCase } from '../../src/modules/people/test-fixtures.ts';
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

// A rep gives a colleague kudos for work with a customer on the Team page and says which
// recognition they value; the colleague sees it in the feed and the counts; a manager sees the
// reward summary (staff hidden under 5 answers); a rep records a customer's reward preference
// from the 360.
if (!browserTestsRunnable) console.warn(`skipping browser tests: no Chromium at ${CHROMIUM}`);

const clock = manualClock('2026-02-10T10:00:00Z');
let t: TestApp;
let browser: Browser;
let page: Page;
let rita: Awaited<ReturnType<typeof createStaffUser>>;
let sam: Awaited<ReturnType<typeof createStaffUser>>;
let max: Awaited<ReturnType<typeof createStaffUser>>;
let olga: string;

const period = async (p: Page) => {
  await p.getByLabel('From').fill('2026-02-01');
  await p.getByLabel('To (exclusive)').fill('2026-03-01');
};

describe.runIf(browserTestsRunnable)('team page', () => {
  beforeAll(async () => {
    const [app] = await Promise.all([startTestApp({ clock }), ensureWebBuilt()]);
    t = app;
    rita = await createStaffUser(t.ctx, 'agent', 'rita@team.example');
    sam = await createStaffUser(t.ctx, 'agent', 'sam@team.example');
    max = await createStaffUser(t.ctx, 'manager', 'max@team.example');
    await t.ctx.db.updateTable('staff').set({ name: 'Rita Rep' }).where('id', '=', rita.staff.id).execute();
    await t.ctx.db.updateTable('staff').set({ name: 'Sam Support' }).where('id', '=', sam.staff.id).execute();
    olga = (await createCustomer(t.ctx, { name: 'Olga Owned', emails: ['olga@team.example'] })).id;
    await addResolvedCase(t, olga, 'saved', '2026-02-09T10:00:00Z');
    browser = await launchChromium();
    page = await openPage(browser);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('lets a rep give kudos for a customer and say which recognition they value', async () => {
    await page.goto(`${t.url}/team`);
    await signIn(page, rita.staff.email, rita.password);
    await period(page);
    const form = page.getByRole('form', { name: 'Give kudos' });
    await form.getByRole('combobox', { name: 'Colleague' }).click();
    await page.getByRole('option', { name: 'Sam Support' }).click();
    await form.getByRole('combobox', { name: 'Customer' }).fill('Olga');
    await page.getByRole('option', { name: 'Olga Owned' }).click();
    await form.getByRole('combobox', { name: 'Case (optional)' }).click();
    await page.getByRole('option', { name: 'Case saved' }).click();
    await form.getByRole('textbox', { name: 'What they did' }).fill('Sorted out Olga’s delivery in one call');
    await form.getByRole('button', { name: 'Send kudos' }).click();
    await page.getByRole('status').filter({ hasText: 'Kudos sent to Sam Support' }).waitFor();
    const feed = page.getByRole('list', { name: 'Kudos feed' });
    await feed.getByText('Sorted out Olga’s delivery in one call').waitFor();
    await feed.getByRole('link', { name: 'Olga Owned' }).waitFor();
    await feed.getByRole('link', { name: 'a case' }).waitFor();
    await page
      .getByRole('table', { name: 'Kudos per person' })
      .getByRole('row', { name: /Sam Support\s*1\s*0/ })
      .waitFor();

    const mine = page.getByRole('region', { name: 'My recognition preference' });
    await mine.getByText('Time off').click();
    await mine.getByText('Training and learning').click();
    await mine.getByRole('button', { name: 'Save my answer' }).click();
    await mine.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
    // Agents get no summary.
    expect(await page.getByRole('region', { name: 'Reward preferences' }).count()).toBe(0);
    await screenshot(page, 'people-team-kudos');
    const stored = await t.ctx.db
      .selectFrom('people_kudos')
      .select(['from_staff_id', 'to_staff_id', 'customer_id', 'case_id'])
      .execute();
    const caseRow = await t.ctx.db
      .selectFrom('loop_case')
      .select('id')
      .where('customer_id', '=', olga)
      .executeTakeFirstOrThrow();
    expect(stored).toEqual([
      { from_staff_id: rita.staff.id, to_staff_id: sam.staff.id, customer_id: olga, case_id: caseRow.id },
    ]);
    expect(
      (
        await t.ctx.db
          .selectFrom('people_staff_reward_preference')
          .select('choices')
          .where('staff_id', '=', rita.staff.id)
          .executeTakeFirstOrThrow()
      ).choices,
    ).toEqual(['time-off', 'learning']);
  });

  it('records a customer’s reward preference from the 360, and a manager sees the summary', async () => {
    await page.goto(`${t.url}/customers/${olga}`);
    const panel = page.getByRole('region', { name: 'Reward preference' });
    await panel.getByRole('button', { name: 'Ask and record' }).click();
    await panel.getByText('Early access to new things').click();
    await panel.getByRole('textbox', { name: 'Note' }).fill('Likes previews');
    await panel.getByRole('button', { name: 'Save' }).click();
    await panel.getByText('Likes previews').waitFor();
    await panel.getByText('Recorded by staff', { exact: false }).waitFor();

    const boss = await openPage(browser);
    await boss.goto(`${t.url}/team`);
    await signIn(boss, max.staff.email, max.password);
    const summary = boss.getByRole('region', { name: 'Reward preferences' });
    await summary
      .getByRole('note')
      .filter({ hasText: 'Staff: 1 answers — shown from 5 answers on' })
      .waitFor();
    await summary
      .getByRole('table', { name: 'Customers (1 answers)' })
      .getByRole('row', { name: /Early access to new things\s*1\s*1/ })
      .waitFor();
    await boss.close();
  });
});

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../../src/modules/feedback/testing.ts';
import { launchDueRuns } from '../../src/modules/outreach/campaigns/launch-due-runs.ts';
import { launchRunJob } from '../../src/modules/outreach/campaigns/launch-run.ts';
import { createStaffUser, startTestApp, type TestApp } from '../../test/helpers.ts';
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

// A manager writes a campaign to a segment, previews it as a real customer, sends herself a
// test, launches it and reads the results.

let t: TestApp;
let smtp: TestSmtp;
let browser: Browser;
let page: Page;
let manager: { email: string; password: string };

describe.runIf(browserTestsRunnable)('Campaigns', () => {
  beforeAll(async () => {
    smtp = await startSmtpServer();
    const [app] = await Promise.all([startTestApp({ config: { smtpUrl: smtp.url } }), ensureWebBuilt()]);
    t = app;
    // The launch is a job: this process is also the worker that snapshots the segment.
    await t.ctx.queue.work(t.ctx, [launchRunJob as never]);
    const m = await createStaffUser(t.ctx, 'manager', 'mia@example.com');
    manager = { email: m.staff.email, password: m.password };
    const customer = await t.api('/api/v1/customers', {
      method: 'POST',
      json: { name: 'Ada Lovelace', emails: ['ada@e2e.example'], timeZone: 'Europe/London' },
    });
    expect(customer.status).toBe(201);
    const segment = await t.api('/api/v1/segments', {
      method: 'POST',
      json: {
        name: 'E2E customers',
        definition: { match: 'all', conditions: [{ field: 'email', op: 'contains', value: '@e2e.example' }] },
      },
    });
    expect(segment.status).toBe(201);
    browser = await launchChromium();
    page = await openPage(browser);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await smtp?.close();
  });

  it('writes, previews against a customer, test-sends, launches and shows results', async () => {
    await page.goto(`${t.url}/customers`);
    await signIn(page, manager.email, manager.password);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Campaigns' }).click();
    await page.getByRole('heading', { name: 'Campaigns', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'New campaign' }).click();
    await page.getByRole('heading', { name: 'New campaign', level: 1 }).waitFor();
    await page.getByRole('textbox', { name: 'Name' }).fill('Spring letter');
    await page.getByRole('combobox', { name: 'Segment' }).click();
    await page.getByRole('option', { name: 'E2E customers' }).click();
    await page.getByRole('textbox', { name: 'Subject' }).fill('Hello {{ customer.firstName }}');
    await page.getByRole('textbox', { name: 'Body' }).fill('Hi {{ customer.firstName | shout }}');
    await page.getByRole('textbox', { name: 'Hold out (%)' }).fill('0');
    await page.getByRole('button', { name: 'Save draft' }).click();
    // An unknown filter is named, and nothing is saved.
    await page.getByRole('alert').getByText(/shout/).waitFor();
    expect((await (await t.api('/api/v1/campaigns')).json()).data).toEqual([]);
    await page
      .getByRole('textbox', { name: 'Body' })
      .fill('Hi {{ customer.firstName }}, see https://shop.example/new');
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.getByRole('heading', { name: 'Campaign: Spring letter', level: 1 }).waitFor();

    await page.getByRole('combobox', { name: 'As the customer' }).click();
    await page.getByRole('option', { name: 'Ada Lovelace' }).click();
    const rendered = page.getByLabel('Rendered email');
    await rendered.getByText('Hello Ada').waitFor();
    await rendered.getByText(/Hi Ada, see https:\/\/shop\.example\/new/).waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'campaign-editor');

    await page.getByRole('button', { name: 'Send me a test' }).click();
    const [test] = await smtp.received(1);
    expect(test?.subject).toBe('[Test] Hello Ada');
    expect(test?.to && !Array.isArray(test.to) && test.to.text).toBe('mia@example.com');

    await page.getByRole('button', { name: 'Launch' }).click();
    await page.getByText('Launching: the segment is being snapshotted.').waitFor();
    const results = page.getByRole('table', { name: 'Results' });
    await results.getByRole('row', { name: 'Eligible at launch 1' }).waitFor();
    await screenshot(page, 'campaign-results');
    const [campaign] = (await (await t.api('/api/v1/campaigns')).json()).data;
    expect(campaign.status).toBe('sending');
    await page
      .getByRole('table', { name: 'Runs' })
      .getByRole('row', { name: /^once sending 1 0 0 0$/ })
      .waitFor();
  });

  it('schedules a recurring newsletter and lists its runs', async () => {
    // Today's weekday (UTC): its 09:00 has come in the earliest zone, so the occurrence is due.
    const weekday = ((new Date().getUTCDay() + 6) % 7) + 1;
    const day = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'][weekday - 1];
    await page.goto(`${t.url}/campaigns/new`);
    await page.getByRole('heading', { name: 'New campaign', level: 1 }).waitFor();
    await page.getByRole('textbox', { name: 'Name' }).fill('Weekly letter');
    await page.getByRole('combobox', { name: 'Kind' }).click();
    await page.getByRole('option', { name: 'Recurring' }).click();
    await page.getByRole('combobox', { name: 'Every' }).click();
    await page.getByRole('option', { name: 'Week' }).click();
    await page.getByRole('combobox', { name: 'On', exact: true }).click();
    await page.getByRole('option', { name: day ?? 'Monday' }).click();
    await page.getByRole('textbox', { name: 'At (local time)' }).fill('20:00');
    await page.getByRole('combobox', { name: 'Segment' }).click();
    await page.getByRole('option', { name: 'E2E customers' }).click();
    await page.getByRole('textbox', { name: 'Subject' }).fill('This week');
    await page.getByRole('textbox', { name: 'Body' }).fill('Hi {{ customer.firstName }}');
    await page.getByRole('button', { name: 'Save draft' }).click();
    // 20:00 is outside the default 09:00–17:00 window: said, nothing saved.
    await page
      .getByRole('alert')
      .getByText(/outside the send window/)
      .waitFor();
    await page.getByRole('textbox', { name: 'At (local time)' }).fill('09:00');
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.getByRole('heading', { name: 'Campaign: Weekly letter', level: 1 }).waitFor();
    await page.getByText(`Recurring: every ${day} at 09:00 in each customer’s local time.`).waitFor();
    await page.getByRole('button', { name: 'Launch' }).click();
    await page.getByText('Active: it sends on its own from now on.').waitFor();
    const today = new Date().toISOString().slice(0, 10);
    expect((await launchDueRuns(t.ctx)).launched).toHaveLength(1);
    // The snapshot is the worker's job; on a loaded machine it may take longer than the page's
    // 15 s wait, so wait for the run to leave "launching" (bounded by the test's own timeout).
    await eventually(() =>
      t.ctx.db
        .selectFrom('campaign_run')
        .select('id')
        .where('occurrence', '=', today)
        .where('status', '=', 'sending')
        .executeTakeFirst(),
    );
    await page.reload();
    await page
      .getByRole('table', { name: 'Runs' })
      .getByRole('row', { name: new RegExp(`^${today} sending 1`) })
      .waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
  });
});

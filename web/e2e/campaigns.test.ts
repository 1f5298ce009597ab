import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getMailer } from '../../src/kernel/mail.ts';
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
    if (t) getMailer(t.ctx.config).close();
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
    await page.getByText('Launched: 1 to send, 0 held out.').waitFor();
    const results = page.getByRole('table', { name: 'Results' });
    await results.getByRole('row', { name: 'Eligible at launch 1' }).waitFor();
    await screenshot(page, 'campaign-results');
    const [campaign] = (await (await t.api('/api/v1/campaigns')).json()).data;
    expect(campaign.status).toBe('sending');
  });
});

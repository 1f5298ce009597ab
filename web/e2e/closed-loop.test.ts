import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feedbackJobs } from '../../src/modules/feedback/index.ts';
import { createSurveyApi, npsSurvey } from '../../src/modules/feedback/testing.ts';
import { loopJobs } from '../../src/modules/loop/index.ts';
import { addCustomer } from '../../src/modules/loop/testing/team-setup.ts';
import { createStaffUser, startTestApp, type TestApp } from '../../test/helpers.ts';
import { startSmtpServer, type TestSmtp } from '../../test/smtp.ts';
import {
  accessibilityProblems,
  browserTestsRunnable,
  ensureWebBuilt,
  launchChromium,
  openPage,
  resolveCase,
  signIn,
} from './harness.ts';

// The whole loop, as the issue tells it: a rep signs in, finds a customer and logs a call with a
// promise; the customer answers the emailed survey on the public page with a 3; the case is in
// the rep's inbox; the rep keeps the promise and resolves the case as saved; the manager's
// dashboard counts it. Real SMTP, real queue workers, real Chromium: nothing is faked.

let t: TestApp;
let smtp: TestSmtp;
let browser: Browser;
let rep: { id: string; email: string; password: string };
let manager: { email: string; password: string };
let repPage: Page;
let customerId: string;
let surveyId: string;

describe.runIf(browserTestsRunnable)('the closed loop, end to end in the browser', () => {
  beforeAll(async () => {
    smtp = await startSmtpServer();
    const [app] = await Promise.all([
      startTestApp({ config: { smtpUrl: smtp.url, mailFrom: 'Acme <care@acme.example>' } }),
      ensureWebBuilt(),
    ]);
    t = app;
    t.ctx.config.publicUrl = t.url;
    // The workers `npm start` runs: survey delivery and the red-flag loop.
    await t.ctx.queue.work(t.ctx, [...feedbackJobs, ...loopJobs]);
    const r = await createStaffUser(t.ctx, 'agent', 'riley@example.com');
    await t.ctx.db.updateTable('staff').set({ name: 'Riley Rep' }).where('id', '=', r.staff.id).execute();
    rep = { id: r.staff.id, email: r.staff.email, password: r.password };
    const m = await createStaffUser(t.ctx, 'manager', 'morgan@example.com');
    manager = { email: m.staff.email, password: m.password };
    customerId = await addCustomer(t, {
      name: 'Marguerite Duras',
      emails: ['marguerite@example.com'],
      phones: ['+33 1 23 45 67 89'],
      ownerId: rep.id,
    });
    surveyId = (await createSurveyApi(t, npsSurvey({ name: 'After the call' }))).id;
    browser = await launchChromium();
    repPage = await openPage(browser);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await smtp?.close();
  });

  it('a rep signs in, finds the customer and logs a call with a promise', async () => {
    const page = repPage;
    await page.goto(`${t.url}/`);
    await signIn(page, rep.email, rep.password);
    await page.getByRole('heading', { name: 'Customers', level: 1 }).waitFor();
    await page.getByLabel('Search customers').fill('duras');
    await page.getByRole('link', { name: 'Marguerite Duras' }).click();
    await page.getByRole('heading', { name: 'Marguerite Duras', level: 1 }).waitFor();

    const form = page.getByRole('region', { name: 'Log a touchpoint' });
    await form.getByLabel('Summary').fill('Delivery was two weeks late');
    await form.getByText('Okay', { exact: true }).click();
    await form.getByRole('button', { name: 'Promised something? Add a promise' }).click();
    await form.getByLabel('What I promised').fill('Call back with the new delivery date');
    await form.getByRole('button', { name: 'Log call' }).click();

    const promises = page.getByRole('list', { name: 'Open promises' });
    await promises.getByText('Call back with the new delivery date').waitFor();
    await page
      .locator('ol[aria-label="Interactions, newest first"] > li')
      .first()
      .getByText('Delivery was two weeks late')
      .waitFor();
    const tasks = await (await t.api(`/api/v1/tasks?customerId=${customerId}&type=promise`)).json();
    expect(tasks.data).toHaveLength(1);
    expect(tasks.data[0]).toMatchObject({ assigneeId: rep.id, status: 'open' });
  });

  it('the customer answers the emailed survey on the public page, and the case lands in the rep’s inbox', async () => {
    const sent = await t.api(`/api/v1/surveys/${surveyId}/sends`, {
      method: 'POST',
      json: { customerIds: [customerId], idempotencyKey: 'after-the-call' },
    });
    expect((await sent.json()).created).toBe(1);
    // The survey email (the rep may get notification emails through the same server).
    let mail = smtp.messages.find((m) => JSON.stringify(m.to).includes('marguerite@example.com'));
    for (let n = smtp.messages.length + 1; !mail; n++) {
      const all = await smtp.received(n);
      mail = all.find((m) => JSON.stringify(m.to).includes('marguerite@example.com'));
    }
    const link = String(mail.text).match(new RegExp(`${t.url}/s/[A-Za-z0-9_.-]+`))?.[0];
    if (!link) throw new Error(`no survey link in:\n${mail.text}`);

    // The customer: a browser without any Tenure session.
    const customer = await openPage(browser);
    await customer.goto(link);
    await customer.getByRole('heading', { name: 'How are we doing?' }).waitFor();
    await customer.locator('input[name="nps"][value="3"]').check({ force: true });
    await customer.locator('#nps-text').fill('The delivery was late and nobody told me.');
    await customer.getByRole('button', { name: 'Send my answer' }).click();
    await customer.getByText('Thank you, it really helps.').waitFor();
    expect(await accessibilityProblems(customer)).toEqual([]);
    await customer.context().close();

    // The rep's inbox shows the case the detractor answer opened, without a reload.
    await repPage.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My work' }).click();
    const row = repPage
      .getByRole('table', { name: 'Open cases' })
      .getByRole('row', { name: /Marguerite Duras/ });
    await row.waitFor({ timeout: 30_000 });
    // The promise is in the rep's tasks too.
    await repPage
      .getByRole('table', { name: 'My tasks' })
      .getByText('Promise: Call back with the new delivery date')
      .waitFor();
  });

  it('the rep keeps the promise from the call guide and resolves the case as saved', async () => {
    const page = repPage;
    await page
      .getByRole('table', { name: 'Open cases' })
      .getByRole('link', { name: 'Marguerite Duras', exact: true })
      .click();
    await page.getByRole('heading', { name: 'Marguerite Duras', level: 1 }).waitFor();
    // The 360 lists the open case next to the call guide.
    const open = page.getByRole('list', { name: 'Open cases' });
    await open.getByRole('link').first().waitFor();

    await page.getByRole('button', { name: 'Mark kept: Call back with the new delivery date' }).click();
    await page.getByLabel('What did you do?').fill('Called: the new date is Friday, she is relieved.');
    await page.getByRole('button', { name: 'Mark kept', exact: true }).click();
    await page.getByText('No promises waiting.').waitFor();
    const kept = await (await t.api(`/api/v1/customers/${customerId}/timeline?kind=promise-kept`)).json();
    expect(kept.data).toHaveLength(1);
    expect(kept.data[0]).toMatchObject({ channel: 'phone', staffId: rep.id });

    await open.getByRole('link').first().click();
    await page.waitForURL(/\/my-work\/cases\//);
    await resolveCase(page, 'Saved', 'Delivery or availability');

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My work' }).click();
    await page.getByText('No open cases.', { exact: false }).waitFor();
    const cases = await (await t.api(`/api/v1/cases?customerId=${customerId}&status=all`)).json();
    expect(cases.data).toHaveLength(1);
    expect(cases.data[0]).toMatchObject({ status: 'resolved', outcome: 'saved', assigneeId: rep.id });
  });

  it('the manager’s dashboard counts the saved case', async () => {
    const page = await openPage(browser);
    await page.goto(`${t.url}/dashboards`);
    await signIn(page, manager.email, manager.password);
    await page.getByRole('heading', { name: 'Dashboards', level: 1 }).waitFor();
    await page
      .getByRole('table', { name: 'Save rate by root cause and playbook' })
      .getByText('100% · 1')
      .waitFor();
    const nps = page.getByRole('region', { name: 'NPS trend' });
    await nps.getByRole('button', { name: 'Show numbers' }).click();
    const rows = nps.getByRole('table', { name: 'NPS by month' }).getByRole('row');
    // One answer this month, a detractor: NPS −100.
    expect(await rows.count()).toBe(2);
    expect(await rows.nth(1).textContent()).toMatch(/−100|-100/);
  });
});

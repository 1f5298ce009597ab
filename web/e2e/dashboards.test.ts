import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submitResponse } from '../../src/modules/feedback/submit-response.ts';
import { createCustomerApi, createSurveyApi, npsSurvey } from '../../src/modules/feedback/testing.ts';
import { loopJobs } from '../../src/modules/loop/index.ts';
import { waitFor } from '../../src/modules/loop/testing/fixtures.ts';
import { addCustomer, ingest, npsAnswer } from '../../src/modules/loop/testing/team-setup.ts';
import { createStaffUser, startTestApp, type TestApp } from '../../test/helpers.ts';
import {
  accessibilityProblems,
  browserTestsRunnable,
  ensureWebBuilt,
  LAPTOP,
  launchChromium,
  screenshot,
  signIn,
} from './harness.ts';

// A manager opens Dashboards: NPS answers from three months draw the trend, and its numbers are
// one click away. Charts without data yet say so. Agents do not see the section.

let t: TestApp;
let browser: Browser;
let page: Page;
let manager: { email: string; password: string };
let agent: { email: string; password: string };

/** The first day of the month `back` months ago, at 10:00 UTC. */
const monthsAgo = (back: number, day = 10): Date => {
  const d = new Date();
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - back, day, 10));
};

describe.runIf(browserTestsRunnable)('Dashboards for a manager', () => {
  beforeAll(async () => {
    const [app] = await Promise.all([startTestApp(), ensureWebBuilt()]);
    t = app;
    const m = await createStaffUser(t.ctx, 'manager', 'morgan@example.com');
    const a = await createStaffUser(t.ctx, 'agent', 'riley@example.com');
    manager = { email: m.staff.email, password: m.password };
    agent = { email: a.staff.email, password: a.password };

    const survey = await createSurveyApi(t, npsSurvey({ name: 'Relationship NPS' }));
    const customerId = await createCustomerApi(t, { name: 'Jeanne Martin', emails: ['jeanne@example.com'] });
    const months: [number, number[]][] = [
      [2, [10, 9, 6, 3, 8]],
      [1, [10, 10, 9, 7, 2]],
      [0, [10, 9, 9, 9, 8, 6]],
    ];
    for (const [back, scores] of months) {
      for (const score of scores) {
        await submitResponse(t.ctx, {
          surveyId: survey.id,
          customerId,
          channel: 'phone',
          via: 'staff',
          answers: [{ questionId: 'nps', score }],
          respondedAt: monthsAgo(back, back === 0 ? 1 : 10),
        });
      }
    }

    // Two detractors on the timeline open two cases; one is resolved as saved.
    await t.ctx.queue.work(t.ctx, loopJobs);
    const caseIds: string[] = [];
    for (const name of ['Paul Durand', 'Ana Silva']) {
      const id = await addCustomer(t, { name, ownerId: a.staff.id });
      expect(
        (await ingest(t, [npsAnswer(id, 2, new Date(Date.now() - 60_000).toISOString())])).accepted,
      ).toBe(1);
      const kase = await waitFor(`the case of ${name}`, async () => {
        const list = await (await t.api(`/api/v1/cases?customerId=${id}`)).json();
        return list.data[0] as { id: string } | undefined;
      });
      caseIds.push(kase.id);
    }
    const resolved = await t.api(`/api/v1/cases/${caseIds[0]}/resolve`, {
      method: 'POST',
      json: { outcome: 'saved', rootCauses: ['delivery'] },
    });
    expect(resolved.status).toBe(200);

    browser = await launchChromium();
    const context = await browser.newContext({
      viewport: LAPTOP,
      locale: 'en-GB',
      timezoneId: 'Europe/London',
    });
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('shows the NPS trend with its numbers, and says which charts have no data yet', async () => {
    await page.goto(`${t.url}/customers`);
    await signIn(page, manager.email, manager.password);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboards' }).click();
    await page.waitForURL(/\/dashboards$/);
    await page.getByRole('heading', { name: 'Dashboards', level: 1 }).waitFor();

    const nps = page.getByRole('region', { name: 'NPS trend' });
    await nps.getByRole('img', { name: /NPS by month/ }).waitFor();
    await page
      .getByRole('region', { name: 'Why customers leave' })
      .getByText('No data yet', { exact: false })
      .waitFor();
    await page
      .getByRole('region', { name: 'Cohort retention' })
      .getByText('No data yet', { exact: false })
      .waitFor();

    // The open case is on the SLA chart, the saved one in the save-rate matrix.
    await page.getByRole('list', { name: 'Open cases by SLA state' }).getByText('1 · 100%').waitFor();
    await page
      .getByRole('table', { name: 'Save rate by root cause and playbook' })
      .getByText('100% · 1')
      .waitFor();

    await nps.getByRole('button', { name: 'Show numbers' }).click();
    const table = nps.getByRole('table', { name: 'NPS by month' });
    await table.waitFor();
    // Header plus one row per month with answers.
    expect(await table.getByRole('row').count()).toBe(4);
    // This month: 4 promoters, 1 passive, 1 detractor of 6 → NPS 50.
    const last = table.getByRole('row').nth(3);
    expect(await last.textContent()).toContain('50');
    expect(await last.getByRole('cell').nth(1).textContent()).toBe('6');
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'dashboards');

    await nps.getByRole('button', { name: 'Hide numbers' }).click();
    await table.waitFor({ state: 'detached' });
  });

  it('is not in an agent’s navigation', async () => {
    const context = await browser.newContext({ viewport: LAPTOP, locale: 'en-GB' });
    const agentPage = await context.newPage();
    agentPage.setDefaultTimeout(15_000);
    await agentPage.goto(`${t.url}/customers`);
    await signIn(agentPage, agent.email, agent.password);
    const nav = agentPage.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'My work' }).waitFor();
    expect(await nav.getByRole('link', { name: 'Dashboards' }).count()).toBe(0);
    await context.close();
  });
});

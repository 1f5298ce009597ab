import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loopJobs } from '../../src/modules/loop/index.ts';
import { waitFor } from '../../src/modules/loop/testing/fixtures.ts';
import { addCustomer, ingest, npsAnswer } from '../../src/modules/loop/testing/team-setup.ts';
import { createStaffUser, startTestApp, type TestApp } from '../../test/helpers.ts';
import {
  accessibilityProblems,
  browserTestsRunnable,
  ensureWebBuilt,
  launchChromium,
  openPage,
  resolveCase,
  screenshot,
  signIn,
} from './harness.ts';

// A detractor answer opens a case for the customer's owner; the rep finds it in My work,
// opens it and resolves it as saved, with a root cause from the managed list.

let t: TestApp;
let browser: Browser;
let page: Page;
let rep: { email: string; password: string };
let customerId: string;
let caseId: string;
let caseTitle: string;

describe.runIf(browserTestsRunnable)('My work for a rep', () => {
  beforeAll(async () => {
    const [app] = await Promise.all([startTestApp(), ensureWebBuilt()]);
    t = app;
    const agent = await createStaffUser(t.ctx, 'agent', 'riley@example.com');
    await t.ctx.db.updateTable('staff').set({ name: 'Riley Rep' }).where('id', '=', agent.staff.id).execute();
    rep = { email: agent.staff.email, password: agent.password };
    // The loop's workers, as `serve --role worker` runs them.
    await t.ctx.queue.work(t.ctx, loopJobs);
    customerId = await addCustomer(t, {
      name: 'Jeanne Martin',
      emails: ['jeanne@example.com'],
      ownerId: agent.staff.id,
    });
    const answer = npsAnswer(customerId, 3, new Date(Date.now() - 60_000).toISOString(), {
      comment: 'Late again, and nobody answered my emails.',
    });
    expect((await ingest(t, [answer])).accepted).toBe(1);
    const kase = await waitFor('the case of the NPS 3', async () => {
      const list = await (await t.api(`/api/v1/cases?customerId=${customerId}`)).json();
      return list.data[0] as { id: string; title: string; assigneeId: string } | undefined;
    });
    expect(kase.assigneeId).toBe(agent.staff.id);
    caseId = kase.id;
    caseTitle = kase.title;

    browser = await launchChromium();
    page = await openPage(browser);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('lists the case in the inbox, with its severity and the customer linking to the 360', async () => {
    await page.goto(`${t.url}/my-work`);
    await signIn(page, rep.email, rep.password);
    await page.getByRole('heading', { name: 'My work', level: 1 }).waitFor();
    const row = page.getByRole('table', { name: 'Open cases' }).getByRole('row', { name: /Jeanne Martin/ });
    await row.waitFor();
    expect(await row.textContent()).toContain('High');
    expect(await row.getByRole('link', { name: 'Jeanne Martin', exact: true }).getAttribute('href')).toBe(
      `/customers/${customerId}`,
    );
    await page.getByRole('table', { name: 'My tasks' }).getByRole('row').nth(1).waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
  });

  it('opens the case, resolves it as saved with a root cause, and the inbox empties', async () => {
    await page
      .getByRole('table', { name: 'Open cases' })
      .getByRole('link', { name: caseTitle, exact: true })
      .click();
    await page.waitForURL(new RegExp(`/my-work/cases/${caseId}$`));
    await page.getByRole('heading', { name: caseTitle, level: 1 }).waitFor();
    await page.getByRole('list', { name: 'Playbook tasks' }).getByText('Call the customer').waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'my-work');

    await resolveCase(page, 'Saved', 'Delivery or availability');

    const kase = await (await t.api(`/api/v1/cases/${caseId}`)).json();
    expect(kase).toMatchObject({ status: 'resolved', outcome: 'saved', rootCauses: ['delivery'] });

    await page.getByRole('link', { name: 'My work' }).first().click();
    await page.getByText('No open cases.', { exact: false }).waitFor();
  });
});

import type { Browser, Page } from 'playwright-core';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCustomer, recordInteractions } from '../../src/modules/customers/index.ts';
import { buildCustomerFacts } from '../../src/modules/loop/build-rule-facts.ts';
import { raiseFlag } from '../../src/modules/loop/raise-flag.ts';
import { manualClock } from '../../src/modules/loop/testing/fixtures.ts';
import { createStaffUser, startTestApp, type TestApp } from '../../test/helpers.ts';
import {
  accessibilityProblems,
  browserTestsRunnable,
  CHROMIUM,
  ensureWebBuilt,
  launchChromium,
  openPage,
  screenshot,
  signIn,
} from './harness.ts';

// A rep flags an opportunity from the call guide; the purchase arrives and converts it; the
// manager reads the service-originated revenue and the won opportunity behind it.
if (!browserTestsRunnable) console.warn(`skipping browser tests: no Chromium at ${CHROMIUM}`);

const clock = manualClock('2026-02-02T10:00:00Z');
let t: TestApp;
let browser: Browser;
let page: Page;
let agent: Awaited<ReturnType<typeof createStaffUser>>;
let manager: Awaited<ReturnType<typeof createStaffUser>>;
let customerId: string;

describe.runIf(browserTestsRunnable)('opportunities', () => {
  beforeAll(async () => {
    const [app] = await Promise.all([startTestApp({ clock }), ensureWebBuilt()]);
    t = app;
    agent = await createStaffUser(t.ctx, 'agent', 'olivia@example.com');
    manager = await createStaffUser(t.ctx, 'manager', 'mona@example.com');
    await t.ctx.db
      .updateTable('staff')
      .set({ name: 'Olivia Rep' })
      .where('id', '=', agent.staff.id)
      .execute();
    customerId = (await createCustomer(t.ctx, { name: 'Paula Prospect', ownerId: agent.staff.id })).id;
    await recordInteractions(t.ctx, [
      {
        customer: { id: customerId },
        source: 'phone',
        sourceId: uuidv7(),
        channel: 'phone',
        kind: 'call',
        direction: 'inbound',
        occurredAt: new Date('2026-02-02T09:30:00Z'),
        staffId: agent.staff.id,
      },
    ]);
    browser = await launchChromium();
    page = await openPage(browser);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('lets a rep flag an opportunity on the call in the call guide', async () => {
    await page.goto(`${t.url}/customers/${customerId}`);
    await signIn(page, agent.staff.email, agent.password);
    await page.getByRole('button', { name: 'Flag opportunity' }).click();
    const form = page.getByRole('form', { name: 'Flag an opportunity' });
    await form.getByRole('textbox', { name: 'Interest' }).fill('Wants the premium plan for her shop');
    await form.getByRole('textbox', { name: 'Estimated value' }).fill('240');
    await form.getByRole('textbox', { name: 'Currency' }).fill('EUR');
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'opportunity-flag');
    await form.getByRole('button', { name: 'Flag opportunity' }).click();
    await page.getByText(/Opportunity flagged/).waitFor();
    const rows = await t.ctx.db.selectFrom('people_opportunity').selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      rep_id: agent.staff.id,
      value_minor: 24_000,
      currency: 'EUR',
      stage: 'open',
    });
    expect(rows[0]?.interaction_id).not.toBeNull();
    await page.goto(`${t.url}/opportunities`);
    await page
      .getByRole('region', { name: 'Open' })
      .getByRole('listitem', { name: 'Opportunity: Wants the premium plan for her shop' })
      .waitFor();
  });

  it('converts on the purchase and shows the revenue to the manager, with the opportunity behind it', async () => {
    await recordInteractions(t.ctx, [
      {
        customer: { id: customerId },
        source: 'shop',
        sourceId: uuidv7(),
        channel: 'web',
        kind: 'purchase',
        occurredAt: new Date('2026-02-05T12:00:00Z'),
        amountMinor: 19_900,
        currency: 'EUR',
      },
    ]);
    const m = await openPage(browser);
    await m.goto(`${t.url}/opportunities`);
    await signIn(m, manager.staff.email, manager.password);
    await m.getByText('Revenue report').click();
    await m.getByLabel('From').fill('2026-02-01');
    await m.getByLabel('To (exclusive)').fill('2026-03-01');
    const perRep = m.getByRole('table', { name: 'Revenue per rep' });
    await perRep.getByRole('row', { name: /Olivia Rep.*1.*1.*0.*199/ }).waitFor();
    await perRep.getByRole('button', { name: 'Olivia Rep' }).click();
    await m.getByRole('heading', { name: 'Won by Olivia Rep' }).waitFor();
    await m
      .getByRole('table', { name: 'Won opportunities' })
      .getByRole('row', { name: /Paula Prospect.*Wants the premium plan.*a call/ })
      .waitFor();
    expect(await accessibilityProblems(m)).toEqual([]);
    await screenshot(m, 'opportunities-revenue-report');
    await m.close();
  });

  it('lets a rep flag an opportunity on the case page and qualify it on the board', async () => {
    const rules = (await (await t.api('/api/v1/rules')).json()).data;
    const rule = rules.find((r: { key: string }) => r.key === 'nps-detractor');
    const raised = await raiseFlag(t.ctx, {
      customerId,
      rule: { ...rule, notify: [], cooldownDays: 0 },
      triggerKey: `test:${customerId}`,
      summary: rule.name,
      event: null,
      customer: await buildCustomerFacts(t.ctx, customerId),
    });
    const caseId = raised.caseId as string;
    await page.goto(`${t.url}/my-work/cases/${caseId}`);
    await page.getByRole('button', { name: 'Flag opportunity' }).click();
    const form = page.getByRole('form', { name: 'Flag an opportunity' });
    await form.getByRole('textbox', { name: 'Interest' }).fill('Extended warranty');
    await form.getByRole('textbox', { name: 'Estimated value' }).fill('49');
    await form.getByRole('button', { name: 'Flag opportunity' }).click();
    await page.getByText(/Opportunity flagged/).waitFor();
    const row = await t.ctx.db
      .selectFrom('people_opportunity')
      .selectAll()
      .where('case_id', '=', caseId)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ interest: 'Extended warranty', value_minor: 4_900, interaction_id: null });
    await page.goto(`${t.url}/opportunities`);
    const card = page.getByRole('listitem', { name: 'Opportunity: Extended warranty' });
    await card.getByRole('button', { name: 'Qualify' }).click();
    await page
      .getByRole('region', { name: 'Qualified' })
      .getByRole('listitem', { name: 'Opportunity: Extended warranty' })
      .waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
  });
});

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCustomer } from '../../src/modules/loop/testing/team-setup.ts';
import { evaluateAllTiersJob, evaluateTiers } from '../../src/modules/loyalty/index.ts';
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

// A rep opens a Silver customer's 360 and sees how far they are from Gold; a manager reads the
// tier dashboard and overrides a tier from the 360; an admin defines a tier in Settings → Tiers.

let t: TestApp;
let browser: Browser;
let page: Page;
let rep: { email: string; password: string };
let customerId: string;
let closeId: string;
let manager: { email: string; password: string };
let admin: { email: string; password: string };
const buy = (id: string, sourceId: string, minor: number) =>
  t.api('/api/v1/events', {
    method: 'POST',
    json: {
      events: [
        {
          customerId: id,
          source: 'shop',
          sourceId,
          channel: 'web',
          kind: 'purchase',
          occurredAt: new Date(Date.now() - 86_400_000).toISOString(),
          amount: { minor, currency: 'EUR' },
        },
      ],
    },
  });

describe.runIf(browserTestsRunnable)('Tiers in the web UI', () => {
  beforeAll(async () => {
    const [app] = await Promise.all([startTestApp(), ensureWebBuilt()]);
    t = app;
    const agent = await createStaffUser(t.ctx, 'agent', 'tiers-rep@example.com');
    rep = { email: agent.staff.email, password: agent.password };
    for (const [name, rank, threshold] of [
      ['Silver', 1, 20_000],
      ['Gold', 2, 50_000],
    ] as const) {
      const r = await t.api('/api/v1/loyalty/tiers', {
        method: 'POST',
        json: { name, rank, criterion: 'spend', currency: 'EUR', threshold },
      });
      expect(r.status).toBe(201);
    }
    customerId = await addCustomer(t, { name: 'Greta Gold-to-be' });
    await buy(customerId, 'o-1', 31_000);
    closeId = await addCustomer(t, { name: 'Cleo Close' });
    await buy(closeId, 'o-2', 45_000);
    await evaluateTiers(t.ctx, { customerIds: [customerId] });
    await evaluateAllTiersJob.handle(t.ctx, {});
    const m = await createStaffUser(t.ctx, 'manager', 'tiers-manager@example.com');
    manager = { email: m.staff.email, password: m.password };
    const a = await createStaffUser(t.ctx, 'admin', 'tiers-admin@example.com');
    admin = { email: a.staff.email, password: a.password };
    browser = await launchChromium();
    page = await openPage(browser);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('shows the tier and the progress to the next one', async () => {
    await page.goto(`${t.url}/customers/${customerId}`);
    await signIn(page, rep.email, rep.password);
    const panel = page.getByLabel('Loyalty tier');
    await panel.getByText('Silver', { exact: true }).waitFor();
    const progress = panel.getByText(/310.* of .*500.* to Gold/);
    await progress.waitFor();
    expect(await progress.textContent()).toMatch(/€310\.00 of €500\.00 to Gold/);
    expect(await accessibilityProblems(page)).toEqual([]);
  });

  it('shows managers the dashboard: members, revenue, who is close to the next tier', async () => {
    const mp = await openPage(browser);
    await mp.goto(`${t.url}/tiers`);
    await signIn(mp, manager.email, manager.password);
    const table = mp.getByRole('table', { name: 'Tiers' });
    const silver = table.getByRole('row', { name: /^Silver/ });
    await silver.waitFor();
    // Greta (€310) and Cleo (€450) are Silver: 2 members, €760 in 365 days.
    expect(await silver.textContent()).toMatch(/Silver\s*2\s*€760\.00/);
    const close = mp.getByRole('table', { name: 'Close to the next tier' });
    const cleo = close.getByRole('row', { name: /Cleo Close/ });
    await cleo.waitFor();
    expect(await cleo.textContent()).toMatch(/Gold\s*€450\.00\s*€500\.00/);
    expect(await accessibilityProblems(mp)).toEqual([]);
    // The pointer rests where sign-in left it, over the chart: move it away from the tooltip.
    await mp.mouse.move(0, 0);
    await screenshot(mp, 'tier-dashboard');
    await mp.context().close();
  });

  it('lets a manager override the tier from the 360, with an expiry and a reason', async () => {
    const mp = await openPage(browser);
    await mp.goto(`${t.url}/customers/${customerId}`);
    await signIn(mp, manager.email, manager.password);
    const panel = mp.getByLabel('Loyalty tier');
    await panel.getByRole('button', { name: 'Override tier' }).click();
    const form = mp.getByRole('form', { name: 'Override the tier' });
    await form.getByRole('combobox', { name: 'Tier' }).click();
    await mp.getByRole('option', { name: 'Gold', exact: true }).click();
    const until = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    await form.getByLabel('Until').fill(until);
    await form.getByLabel('Reason').fill('Key account while the contract is renewed');
    await form.getByRole('button', { name: 'Apply override' }).click();
    await panel.getByText('Gold', { exact: true }).waitFor();
    await panel.getByText(/Set by a manager until .*Key account while the contract is renewed/).waitFor();
    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'loyalty.tier.override')
      .where('customer_id', '=', customerId)
      .execute();
    expect(audit).toHaveLength(1);
    expect(await accessibilityProblems(mp)).toEqual([]);
    await mp.context().close();
  });

  it('lets an admin define a tier in Settings → Tiers', async () => {
    const ap = await openPage(browser);
    await ap.goto(`${t.url}/settings/tiers`);
    await signIn(ap, admin.email, admin.password);
    await ap.getByRole('button', { name: 'New tier' }).click();
    const form = ap.getByRole('form', { name: 'New tier' });
    await form.getByRole('textbox', { name: 'Name', exact: true }).fill('Platinum');
    await form.getByLabel('Rank (higher is better)').fill('3');
    await form.getByLabel('Threshold (EUR)').fill('1000');
    await form.getByLabel('First on call lists').check();
    await form.getByRole('button', { name: 'Add tier' }).click();
    const row = ap.getByRole('table', { name: 'Tiers' }).getByRole('row', { name: /^Platinum/ });
    await row.waitFor();
    expect(await row.textContent()).toMatch(/€1,000\.00 in 365 days.*first on call lists/);
    const saved = await t.ctx.db
      .selectFrom('loyalty_tier')
      .selectAll()
      .where('name', '=', 'Platinum')
      .executeTakeFirst();
    expect(saved && Number(saved.threshold)).toBe(100_000);
    expect(await accessibilityProblems(ap)).toEqual([]);
    await screenshot(ap, 'settings-tiers');
    await ap.context().close();
  });
});

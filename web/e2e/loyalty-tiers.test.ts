import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCustomer } from '../../src/modules/loop/testing/team-setup.ts';
import { evaluateTiers } from '../../src/modules/loyalty/index.ts';
import { createStaffUser, startTestApp, type TestApp } from '../../test/helpers.ts';
import {
  accessibilityProblems,
  browserTestsRunnable,
  ensureWebBuilt,
  launchChromium,
  openPage,
  signIn,
} from './harness.ts';

// A rep opens a Silver customer's 360 and sees how far they are from Gold.

let t: TestApp;
let browser: Browser;
let page: Page;
let rep: { email: string; password: string };
let customerId: string;

describe.runIf(browserTestsRunnable)('Tier in the customer 360', () => {
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
    await t.api('/api/v1/events', {
      method: 'POST',
      json: {
        events: [
          {
            customerId,
            source: 'shop',
            sourceId: 'o-1',
            channel: 'web',
            kind: 'purchase',
            occurredAt: new Date(Date.now() - 86_400_000).toISOString(),
            amount: { minor: 31_000, currency: 'EUR' },
          },
        ],
      },
    });
    await evaluateTiers(t.ctx, { customerIds: [customerId] });
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
});

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildContactLinks, checkContact } from '../../src/modules/outreach/index.ts';
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

// A customer says on the phone "please don't call me": the rep records it in two clicks, sees it
// in the consent panel and on the timeline, and no call list will ring them.
if (!browserTestsRunnable) console.warn(`skipping browser tests: no Chromium at ${CHROMIUM}`);

let t: TestApp;
let browser: Browser;
let page: Page;
let customerId: string;

describe.runIf(browserTestsRunnable)('consent in the customer 360', () => {
  beforeAll(async () => {
    const [app] = await Promise.all([startTestApp(), ensureWebBuilt()]);
    t = app;
    const agent = await createStaffUser(t.ctx, 'agent', 'riley@example.com');
    const res = await t.api('/api/v1/customers', {
      method: 'POST',
      json: {
        name: 'Dana Quiet',
        phones: ['+44 20 7946 0123'],
        emails: ['dana@example.com'],
        timeZone: 'Europe/London',
        ownerId: agent.staff.id,
      },
    });
    customerId = (await res.json()).id;
    browser = await launchChromium();
    page = await openPage(browser);
    await page.goto(`${t.url}/customers/${customerId}`);
    await signIn(page, agent.staff.email, agent.password);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('records "no phone calls" in two clicks and shows it in the panel and on the timeline', async () => {
    const panel = page.getByRole('region', { name: 'Consent' });
    await panel.getByRole('table', { name: 'Consent by channel and purpose' }).waitFor();
    expect(await panel.getByLabel('Consent summary').textContent()).toBe('No channel refused.');
    expect(await accessibilityProblems(page)).toEqual([]);

    // Click 1: the phone row's menu. Click 2: Refuse.
    await panel.getByRole('button', { name: 'Phone: change for all purposes' }).click();
    await page.getByRole('menuitem', { name: 'Refuse' }).click();

    for (const purpose of ['Service', 'Surveys', 'News and offers'])
      await panel.getByRole('button', { name: `Phone, ${purpose}: Refused` }).waitFor();
    expect(await panel.getByLabel('Consent summary').textContent()).toBe('No phone calls.');
    // Other channels are untouched.
    await panel.getByRole('button', { name: 'Email, Surveys: Unknown' }).waitFor();

    const entry = page
      .locator('ol[aria-label="Interactions, newest first"] > li')
      .filter({ hasText: 'phone calls refused (service, surveys, news and offers) (told a rep)' });
    await entry.waitFor();
    await screenshot(page, 'consent-panel');

    // What the panel shows is what the one check enforces.
    const verdict = await checkContact(t.ctx, {
      customerId,
      purpose: 'check-in',
      channel: 'phone',
      reference: 'e2e-call',
    });
    expect(verdict).toMatchObject({ allowed: false, code: 'opted-out', rule: 'consent:service/phone' });
  });

  it('sets quiet hours in the customer’s time zone', async () => {
    const panel = page.getByRole('region', { name: 'Consent' });
    await panel.getByRole('button', { name: 'Set quiet hours' }).click();
    const form = panel.getByRole('form', { name: 'Quiet hours' });
    await form.getByLabel('From').fill('20:30');
    await form.getByLabel('To').fill('09:00');
    await form.getByRole('button', { name: 'Save' }).click();
    await panel.getByText('no calls or texts 20:30–09:00 (Europe/London)').waitFor();
    const consent = await (await t.api(`/api/v1/outreach/customers/${customerId}/consent`)).json();
    expect(consent.hours.quietHours).toEqual({ from: '20:30', to: '09:00' });
  });

  it('lets the customer change subscriptions on the preference centre with JavaScript turned off', async () => {
    t.ctx.config.publicUrl = t.url;
    const links = await buildContactLinks(t.ctx, { customerId, purpose: 'survey' }, t.ctx.clock.now());
    const context = await browser.newContext({
      javaScriptEnabled: false,
      viewport: { width: 390, height: 844 },
    });
    try {
      const customer = await context.newPage();
      await customer.goto(links.preferencesUrl);
      await customer.getByRole('heading', { name: 'Your email preferences' }).waitFor();
      expect(await accessibilityProblems(customer)).toEqual([]);
      await screenshot(customer, 'preference-centre');
      await customer.getByRole('checkbox', { name: /News and offers/ }).uncheck();
      await customer.getByRole('button', { name: 'Save my choices' }).click();
      await customer.getByRole('status').filter({ hasText: 'Your choices are saved' }).waitFor();
      expect(await customer.getByRole('checkbox', { name: /News and offers/ }).isChecked()).toBe(false);
      expect(await customer.getByRole('checkbox', { name: /Surveys/ }).isChecked()).toBe(true);
    } finally {
      await context.close();
    }
    const consent = await (await t.api(`/api/v1/outreach/customers/${customerId}/consent`)).json();
    const cell = consent.cells.find(
      (c: { channel: string; purpose: string }) => c.channel === 'email' && c.purpose === 'marketing',
    );
    expect(cell).toMatchObject({ state: 'refused', source: 'preference centre', recordedBy: 'customer' });
    // The rep sees it in the 360 without anything else to do.
    await page.reload();
    await page
      .getByRole('region', { name: 'Consent' })
      .getByRole('button', { name: 'Email, News and offers: Refused' })
      .waitFor();
  });
});

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

// A rep's morning: the call list built from a segment, the customer who refused phone calls
// down for an email instead with the reason, and a call logged in the 360 ticking its item off.
if (!browserTestsRunnable) console.warn(`skipping browser tests: no Chromium at ${CHROMIUM}`);

const clock = manualClock('2026-12-07T10:00:00Z');
let t: TestApp;
let browser: Browser;
let page: Page;
const ids: Record<string, string> = {};

describe.runIf(browserTestsRunnable)('calls today', () => {
  beforeAll(async () => {
    const [app] = await Promise.all([startTestApp({ clock }), ensureWebBuilt()]);
    t = app;
    const agent = await createStaffUser(t.ctx, 'agent', 'riley@example.com');
    for (const [name, phone] of [
      ['Dana Quiet', '+44 20 7946 0123'],
      ['Sam Keen', '+44 20 7946 0456'],
    ] as const) {
      const res = await t.api('/api/v1/customers', {
        method: 'POST',
        json: {
          name,
          phones: [phone],
          emails: [`${name.split(' ')[0]?.toLowerCase()}@example.com`],
          timeZone: 'Europe/London',
          ownerId: agent.staff.id,
        },
      });
      ids[name] = (await res.json()).id;
    }
    const refused = await t.api(`/api/v1/outreach/customers/${ids['Dana Quiet']}/consent`, {
      method: 'PUT',
      json: { cells: [{ channel: 'phone', purpose: 'service', state: 'refused' }], source: 'told a rep' },
    });
    expect(refused.status).toBe(200);
    const segment = await t.api('/api/v1/segments', {
      method: 'POST',
      json: { name: 'Everyone', definition: { match: 'all', conditions: [] } },
    });
    const list = await t.api('/api/v1/call-lists', {
      method: 'POST',
      json: {
        name: 'Monday check-ins',
        segmentId: (await segment.json()).id,
        capPerRep: 10,
        holdoutShare: 0,
      },
    });
    const built = await t.api(`/api/v1/call-lists/${(await list.json()).id}/build`, { method: 'POST' });
    expect(await built.json()).toMatchObject({ calls: 1, instead: 1 });
    browser = await launchChromium();
    page = await openPage(browser);
    await page.goto(`${t.url}/calls`);
    await signIn(page, agent.staff.email, agent.password);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const row = (name: string) => page.getByRole('table', { name: 'Calls today' }).getByRole('row', { name });

  it('puts the customer who refused calls down for an email instead, with the reason', async () => {
    await page.getByRole('table', { name: 'Calls today' }).waitFor();
    const dana = await row('Dana Quiet').textContent();
    expect(dana).toContain('Email instead');
    expect(dana).toContain(
      'no phone calls: email instead (opted out of service messages by phone calls (told a rep, 2026-12-07))',
    );
    expect(dana).not.toContain('To call');
    const sam = await row('Sam Keen').textContent();
    expect(sam).toContain('To call');
    expect(sam).toContain('+44 20 7946 0456');
    expect(sam).toContain('10:00'); // their local time now (London, winter: UTC)
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'calls-today');
  });

  it('ticks the call off once it is logged in the 360', async () => {
    await row('Sam Keen').getByRole('link', { name: 'Sam Keen' }).click();
    const form = page.getByRole('region', { name: 'Log a touchpoint' });
    await form.getByLabel('Summary').fill('Check-in call: all well with the subscription');
    await form.getByText('Well', { exact: true }).click();
    await form.getByLabel('Summary').press('Control+Enter');
    await page.waitForFunction(() =>
      document
        .querySelector('ol[aria-label="Interactions, newest first"] > li')
        ?.textContent?.includes('Check-in call'),
    );
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Calls today' }).click();
    await page.waitForFunction(() =>
      [...document.querySelectorAll('table[aria-label="Calls today"] tr')].some(
        (r) => r.getAttribute('aria-label') === 'Sam Keen' && r.textContent?.includes('Done: went well'),
      ),
    );
    expect(await row('Dana Quiet').textContent()).toContain('Email instead');
  });
});

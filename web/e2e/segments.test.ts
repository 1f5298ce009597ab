import { sql } from 'kysely';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

// A manager builds a segment of two conditions (lapsed customers in France), watches the live
// count agree with the data as the conditions are added, saves it, and finds it again: in the
// list with today's count, and reopened with the same conditions.

let t: TestApp;
let browser: Browser;
let page: Page;
let manager: { email: string; password: string };

const people = [
  { name: 'Amélie Durand', status: 'lapsed', country: 'FR' },
  { name: 'Bruno Petit', status: 'lapsed', country: 'FR' },
  { name: 'Chloé Martin', status: 'active', country: 'FR' },
  { name: 'Dieter Braun', status: 'lapsed', country: 'DE' },
  { name: 'Emma Jones', status: 'churned', country: 'GB' },
  { name: 'Félix Moreau', status: 'lapsed', country: 'FR' },
];

describe.runIf(browserTestsRunnable)('Segment builder', () => {
  beforeAll(async () => {
    const [app] = await Promise.all([startTestApp(), ensureWebBuilt()]);
    t = app;
    const m = await createStaffUser(t.ctx, 'manager', 'sam@example.com');
    manager = { email: m.staff.email, password: m.password };
    for (const p of people) {
      const res = await t.api('/api/v1/customers', {
        method: 'POST',
        json: { name: p.name, status: p.status, address: { country: p.country } },
      });
      expect(res.status).toBe(201);
    }
    browser = await launchChromium();
    page = await openPage(browser);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  /** What the data says, counted in SQL here rather than trusted from the screen. */
  const countWhere = async (status: string, country?: string) =>
    (
      await sql<{ n: number }>`select count(*)::int as n from customer
        where status = ${status} and (${country ?? null}::text is null or address->>'country' = ${country ?? null})`.execute(
        t.ctx.db,
      )
    ).rows[0]?.n as number;
  const counted = (n: number) => `${n} ${n === 1 ? 'customer matches' : 'customers match'}`;

  it('builds a segment of two conditions with a live count that matches the data, saves and reopens it', async () => {
    await page.goto(`${t.url}/customers`);
    await signIn(page, manager.email, manager.password);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Segments' }).click();
    await page.getByRole('heading', { name: 'Segments', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'New segment' }).click();
    await page.getByRole('heading', { name: 'New segment', level: 1 }).waitFor();
    const form = page.getByRole('form', { name: 'Segment' });
    const count = page.getByTestId('segment-count');
    await form.getByRole('textbox', { name: 'Name' }).fill('Lapsed in France');

    // No condition: everyone.
    await count.getByText(counted(people.length)).waitFor();

    // First condition: status is lapsed.
    await form.getByRole('button', { name: 'Add condition' }).click();
    const first = form.getByRole('group', { name: 'Condition on Status' });
    await first.getByRole('combobox', { name: 'Value for Status' }).click();
    await page.getByRole('option', { name: 'lapsed', exact: true }).click();
    await count.getByText(counted(await countWhere('lapsed'))).waitFor();

    // Second condition: country is FR.
    await form.getByRole('button', { name: 'Add condition' }).click();
    const second = form.getByRole('group', { name: 'Condition on Status' }).nth(1);
    await second.getByRole('combobox', { name: 'Field' }).click();
    await page.getByRole('option', { name: 'Country', exact: true }).click();
    await form
      .getByRole('group', { name: 'Condition on Country' })
      .getByRole('textbox', { name: 'Value for Country' })
      .fill('FR');
    const expected = await countWhere('lapsed', 'FR');
    expect(expected).toBe(3);
    await count.getByText(counted(expected)).waitFor();
    const sample = page.getByRole('table', { name: 'Sample of matching customers' });
    for (const p of people.filter((x) => x.status === 'lapsed' && x.country === 'FR'))
      await sample.getByRole('link', { name: p.name }).waitFor();
    expect(await sample.getByRole('row').count()).toBe(expected + 1);
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'segment-builder');

    await form.getByRole('button', { name: 'Save segment' }).click();
    await page.getByRole('heading', { name: 'Segment: Lapsed in France', level: 1 }).waitFor();
    const saved = await t.api('/api/v1/segments');
    const [segment] = (await saved.json()).data;
    expect(segment.name).toBe('Lapsed in France');
    expect(segment.definition.conditions).toHaveLength(2);

    // The list shows today's count and opens the customer list filtered by the segment.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Segments' }).click();
    const row = page.getByRole('table', { name: 'Segments' }).getByRole('row', { name: /Lapsed in France/ });
    await row.getByRole('cell', { name: String(expected), exact: true }).waitFor();
    await row.getByRole('link', { name: 'Show in customer list' }).click();
    const customers = page.getByRole('table', { name: 'Customers' });
    await customers.getByText('Amélie Durand').waitFor();
    expect(await page.getByRole('combobox', { name: 'Segment' }).inputValue()).toBe('Lapsed in France');
    await page
      .getByRole('status')
      .filter({ hasText: new RegExp(`^${expected} customers$`) })
      .waitFor();
    expect(await customers.locator('tbody tr').count()).toBe(expected);

    // Reopened, the segment has the same two conditions and count.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Segments' }).click();
    await row.getByRole('link', { name: 'Lapsed in France' }).click();
    const reopened = page.getByRole('form', { name: 'Segment' });
    expect(await reopened.getByRole('textbox', { name: 'Name' }).inputValue()).toBe('Lapsed in France');
    expect(await reopened.getByRole('combobox', { name: 'Value for Status' }).inputValue()).toBe('lapsed');
    expect(await reopened.getByRole('textbox', { name: 'Value for Country' }).inputValue()).toBe('FR');
    await page.getByTestId('segment-count').getByText(counted(expected)).waitFor();

    // Deleting asks once more, then the segment is gone from the list and the API.
    await reopened.getByRole('button', { name: 'Delete segment' }).click();
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    await page.getByRole('heading', { name: 'Segments', level: 1 }).waitFor();
    await page.getByText('No segments yet', { exact: false }).waitFor();
    expect((await t.api(`/api/v1/segments/${segment.id}`)).status).toBe(404);
  });
});

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addTeam, flagNewCustomer } from '../../src/modules/loop/testing/team-setup.ts';
import { type AnyJson, createStaffUser, startTestApp, type TestApp } from '../../test/helpers.ts';
import {
  accessibilityProblems,
  browserTestsRunnable,
  ensureWebBuilt,
  launchChromium,
  openPage,
  signIn,
} from './harness.ts';

// A manager who runs Team A (without being in it) sees every open case, including one held by
// Lou, who is in no team; she hands Lou's case to Ann in bulk. Ann's bell shows the hand-over,
// and its link opens the case.

let t: TestApp;
let browser: Browser;
let page: Page;
const people: Record<string, { id: string; email: string; password: string }> = {};
const always = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '00:00', end: '24:00' }));
let annCase: AnyJson;
let louCase: AnyJson;

async function person(key: string, name: string, role: 'manager' | 'agent') {
  const u = await createStaffUser(t.ctx, role, `${key}@example.com`);
  await t.ctx.db.updateTable('staff').set({ name }).where('id', '=', u.staff.id).execute();
  people[key] = { id: u.staff.id, email: u.staff.email, password: u.password };
}

async function openCase(customerName: string, ownerId: string) {
  const rules = (await (await t.api('/api/v1/rules')).json()).data as AnyJson[];
  const rule = rules.find((r) => r.key === 'nps-detractor');
  const r = await flagNewCustomer(t, rule, { name: customerName, ownerId });
  return (await (await t.api(`/api/v1/cases/${r.caseId}`)).json()) as AnyJson;
}

describe.runIf(browserTestsRunnable)('the manager’s work queue and the notifications view', () => {
  beforeAll(async () => {
    const [app] = await Promise.all([startTestApp(), ensureWebBuilt()]);
    t = app;
    await person('mara', 'Mara Manager', 'manager');
    await person('ann', 'Ann Agent', 'agent');
    await person('lou', 'Lou Loner', 'agent');
    await addTeam(t, 'Team A', 'UTC', always, [people.ann?.id as string], people.mara?.id as string);
    annCase = await openCase('Petra Novak', people.ann?.id as string);
    louCase = await openCase('Omar Haddad', people.lou?.id as string);
    expect([annCase.assigneeId, louCase.assigneeId, louCase.teamId]).toEqual([
      people.ann?.id,
      people.lou?.id,
      null,
    ]);
    browser = await launchChromium();
    page = await openPage(browser);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('shows the manager her team’s cases and every open case, filtered by team', async () => {
    await page.goto(`${t.url}/my-work`);
    await signIn(page, people.mara?.email as string, people.mara?.password as string);
    const table = page.getByRole('table', { name: 'Open cases' });
    await page.getByText('My team', { exact: true }).click();
    await table.getByRole('row', { name: /Petra Novak/ }).waitFor();
    expect(await table.getByRole('row', { name: /Omar Haddad/ }).count()).toBe(0);

    await page.getByText('All open', { exact: true }).click();
    await table.getByRole('row', { name: /Omar Haddad/ }).waitFor();
    await table.getByRole('row', { name: /Petra Novak/ }).waitFor();

    await page.getByRole('group', { name: 'Filter cases' }).getByRole('combobox', { name: 'Team' }).click();
    await page.getByRole('option', { name: 'No team', exact: true }).click();
    await table.getByRole('row', { name: /Petra Novak/ }).waitFor({ state: 'detached' });
    expect(await table.getByRole('row', { name: /Omar Haddad/ }).textContent()).toContain('Lou Loner');
    expect(await accessibilityProblems(page)).toEqual([]);
  });

  it('reassigns the selected case to Ann in bulk', async () => {
    const table = page.getByRole('table', { name: 'Open cases' });
    await table.getByRole('checkbox', { name: /Omar Haddad/ }).check();
    const bar = page.getByRole('region', { name: 'Bulk actions' });
    await bar.getByText('1 case selected').waitFor();
    await bar.getByRole('combobox', { name: 'Reassign to' }).fill('Ann');
    await page.getByRole('option', { name: 'Ann Agent' }).click();
    await bar.getByRole('button', { name: 'Reassign' }).click();
    // Ann is in Team A: the case left "No team".
    await table.getByRole('row', { name: /Omar Haddad/ }).waitFor({ state: 'detached' });
    const after = await (await t.api(`/api/v1/cases/${louCase.id}`)).json();
    expect([after.assigneeId, after.history.at(-1).kind]).toEqual([people.ann?.id, 'reassigned']);
  });

  it('shows Ann the hand-over under the bell, and its link opens the case', async () => {
    const annPage = await openPage(browser);
    await annPage.goto(`${t.url}/my-work`);
    await signIn(annPage, people.ann?.email as string, people.ann?.password as string);
    // Her own new case and the one handed to her.
    const bell = annPage.getByRole('link', { name: 'Notifications: 2 unread' });
    await bell.click();
    await annPage.getByRole('heading', { name: 'Notifications', level: 1 }).waitFor();
    const list = annPage.getByRole('list', { name: 'Notifications' });
    expect(await accessibilityProblems(annPage)).toEqual([]);
    await list.getByRole('link', { name: `Case handed to you: ${louCase.title}` }).click();
    await annPage.waitForURL(new RegExp(`/my-work/cases/${louCase.id}$`));
    await annPage.getByRole('heading', { name: louCase.title, level: 1 }).waitFor();
    await annPage.getByRole('link', { name: 'Notifications: 1 unread' }).waitFor();

    await annPage.getByRole('link', { name: 'Notifications: 1 unread' }).click();
    await annPage.getByRole('button', { name: 'Mark all read' }).click();
    await annPage.getByRole('link', { name: 'Notifications', exact: true }).waitFor();
  });
});

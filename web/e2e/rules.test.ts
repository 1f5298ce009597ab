import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCustomer, ingest, npsAnswer } from '../../src/modules/loop/testing/team-setup.ts';
import { type AnyJson, createStaffUser, startTestApp, type TestApp } from '../../test/helpers.ts';
import {
  accessibilityProblems,
  browserTestsRunnable,
  ensureWebBuilt,
  LAPTOP,
  launchChromium,
  openPage,
  screenshot,
  signIn,
} from './harness.ts';

// A manager writes a red-flag rule: the condition is checked as they type, a dry run over the
// last 30 days says what it would have raised and for whom, and the saved rule is in the list.
// Then they add a step to a playbook and move it up with the keyboard. Agents do not see the section.

let t: TestApp;
let browser: Browser;
let page: Page;
let manager: { email: string; password: string };
let agent: { email: string; password: string };

const daysAgo = (d: number) => new Date(Date.now() - d * 86_400_000).toISOString();

describe.runIf(browserTestsRunnable)('Rules and playbooks for a manager', () => {
  beforeAll(async () => {
    const [app] = await Promise.all([startTestApp(), ensureWebBuilt()]);
    t = app;
    const m = await createStaffUser(t.ctx, 'manager', 'morgan@example.com');
    const a = await createStaffUser(t.ctx, 'agent', 'riley@example.com');
    manager = { email: m.staff.email, password: m.password };
    agent = { email: a.staff.email, password: a.password };

    // History the dry run replays (no loop worker runs here, so none of it raises a case). In the
    // last 30 days, scores of 4 or less: Jeanne twice, Paul once → 3 flags for 2 customers.
    // Ana's 9 does not match; Marc's 1 is 45 days old, outside the window.
    const jeanne = await addCustomer(t, { name: 'Jeanne Martin' });
    const paul = await addCustomer(t, { name: 'Paul Durand' });
    const ana = await addCustomer(t, { name: 'Ana Silva' });
    const marc = await addCustomer(t, { name: 'Marc Petit' });
    const seeded = await ingest(t, [
      npsAnswer(jeanne, 2, daysAgo(5), { comment: 'Late again' }),
      npsAnswer(jeanne, 4, daysAgo(12)),
      npsAnswer(paul, 3, daysAgo(20)),
      npsAnswer(ana, 9, daysAgo(3)),
      npsAnswer(marc, 1, daysAgo(45)),
    ]);
    expect(seeded.accepted).toBe(5);

    browser = await launchChromium();
    page = await openPage(browser);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('writes a rule with the condition checked as typed, dry-runs it on history and saves it', async () => {
    await page.goto(`${t.url}/customers`);
    await signIn(page, manager.email, manager.password);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Rules' }).click();
    await page.getByRole('heading', { name: 'Red-flag rules', level: 1 }).waitFor();
    const list = page.getByRole('table', { name: 'Red-flag rules' });
    await list.getByRole('link', { name: 'NPS detractor' }).waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);

    await page.getByRole('link', { name: 'New rule' }).click();
    await page.getByRole('heading', { name: 'New rule', level: 1 }).waitFor();
    const form = page.getByRole('form', { name: 'Rule' });
    await form.getByRole('textbox', { name: 'Name' }).fill('Unhappy NPS');
    expect(await form.getByRole('textbox', { name: 'Key' }).inputValue()).toBe('unhappy-nps');
    const kinds = form.getByRole('combobox', { name: 'Only these kinds' });
    await kinds.fill('survey-response');
    await kinds.press('Enter');

    // An unfinished condition: the problem appears under the field, tied to it for screen readers.
    const condition = form.getByRole('textbox', { name: 'Condition' });
    await condition.fill('event.properties.type == "nps" && event.properties.score <=');
    const problem = form.getByText('Line 1, column 60: It ends too early: something is missing at the end.', {
      exact: true,
    });
    await problem.waitFor();
    expect(await condition.getAttribute('aria-invalid')).toBe('true');
    const problemId = await problem.getAttribute('id');
    expect(problemId).toBeTruthy();
    expect((await condition.getAttribute('aria-describedby'))?.split(' ')).toContain(problemId);
    const dryRun = page.getByRole('region', { name: 'Dry run' });
    expect(await dryRun.getByRole('button', { name: 'Dry run' }).isDisabled()).toBe(true);

    await condition.pressSequentially(' 4');
    await form.getByText('Valid: it gives true or false.', { exact: true }).waitFor();
    await problem.waitFor({ state: 'detached' });
    expect(await condition.getAttribute('aria-invalid')).not.toBe('true');

    // The dry run tries the unsaved rule on the last 30 days (the default period).
    await dryRun.getByRole('button', { name: 'Dry run' }).click();
    await dryRun.getByText(/^Would have raised 3 red flags \(2 customers\) between /).waitFor();
    const samples = dryRun.getByRole('table', { name: 'Customers it would have flagged' });
    expect(await samples.getByRole('row').count()).toBe(4);
    await samples.getByRole('link', { name: 'Paul Durand' }).waitFor();
    expect(await samples.getByRole('row').nth(1).textContent()).toContain('NPS 2, "Late again"');
    expect(await samples.getByRole('link', { name: 'Jeanne Martin' }).first().getAttribute('href')).toMatch(
      /^\/customers\/[0-9a-f-]{36}$/,
    );

    await form.getByRole('combobox', { name: 'Severity' }).click();
    await page.getByRole('option', { name: 'High', exact: true }).click();
    await form.getByRole('combobox', { name: 'Playbook to start' }).click();
    await page.getByRole('option', { name: 'Detractor recovery' }).click();
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'rules');

    // The API's refusal, in words: the key is taken by a shipped rule.
    const key = form.getByRole('textbox', { name: 'Key' });
    await key.fill('nps-detractor');
    await form.getByRole('button', { name: 'Create rule' }).click();
    await form
      .getByRole('alert')
      .getByText('A rule with this key already exists. Choose another key.', { exact: true })
      .waitFor();
    await key.fill('unhappy-nps');
    await form.getByRole('button', { name: 'Create rule' }).click();
    await page.getByRole('heading', { name: 'Red-flag rules', level: 1 }).waitFor();
    const row = list.getByRole('row').filter({ has: page.getByRole('link', { name: 'Unhappy NPS' }) });
    await row.getByText('When a survey response arrives').waitFor();
    await row.getByText(/opens a high-severity case and starts “Detractor recovery”/).waitFor();

    const saved = (await (await t.api('/api/v1/rules')).json()).data.find(
      (r: AnyJson) => r.key === 'unhappy-nps',
    );
    const playbooks = (await (await t.api('/api/v1/loop/playbooks')).json()).data;
    expect(saved).toMatchObject({
      name: 'Unhappy NPS',
      trigger: 'event',
      eventKinds: ['survey-response'],
      condition: 'event.properties.type == "nps" && event.properties.score <= 4',
      severity: 'high',
      enabled: true,
      playbookId: playbooks.find((p: AnyJson) => p.key === 'detractor-recovery').id,
    });

    // Turning it off from the list (with the keyboard) changes only that.
    await row.getByRole('switch', { name: 'Unhappy NPS enabled' }).focus();
    await page.keyboard.press('Space');
    // The switch follows the server's answer, so once it shows off, the rule is off.
    await row.getByRole('switch', { name: 'Unhappy NPS enabled', checked: false }).waitFor();
    expect(await (await t.api(`/api/v1/rules/${saved.id}`)).json()).toMatchObject({
      enabled: false,
      severity: 'high',
      eventKinds: ['survey-response'],
      playbookId: saved.playbookId,
    });
  });

  it('adds a step to a playbook, moves it up with the keyboard and saves the new order', async () => {
    await page
      .getByRole('navigation', { name: 'Rules and playbooks' })
      .getByRole('link', { name: 'Playbooks' })
      .click();
    await page.getByRole('heading', { name: 'Playbooks', level: 1 }).waitFor();
    await page
      .getByRole('table', { name: 'Playbooks' })
      .getByRole('link', { name: 'Detractor recovery' })
      .click();
    await page.getByRole('heading', { name: 'Edit playbook: Detractor recovery', level: 1 }).waitFor();
    const form = page.getByRole('form', { name: 'Playbook' });
    expect(await form.getByRole('listitem').count()).toBe(5);

    await form.getByRole('button', { name: 'Add a step' }).click();
    // Focus goes to the new step's text.
    const title = form.getByRole('textbox', { name: 'Step 6: what to do' });
    await page.keyboard.type('Thank them for their patience');
    expect(await title.inputValue()).toBe('Thank them for their patience');
    await form.getByRole('textbox', { name: 'Step 6 due after (hours)' }).fill('48');

    // Moving keeps focus on the moved step's button, so Enter moves it again.
    await form.getByRole('button', { name: 'Move step 6 up' }).click();
    await form.getByRole('button', { name: 'Move step 5 up' }).and(page.locator(':focus')).waitFor();
    expect(await form.getByRole('textbox', { name: 'Step 5: what to do' }).inputValue()).toBe(
      'Thank them for their patience',
    );
    await page.keyboard.press('Enter');
    await form.getByRole('button', { name: 'Move step 4 up' }).and(page.locator(':focus')).waitFor();
    expect(await form.getByRole('textbox', { name: 'Step 4: what to do' }).inputValue()).toBe(
      'Thank them for their patience',
    );
    expect(await accessibilityProblems(page)).toEqual([]);

    await form.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('heading', { name: 'Playbooks', level: 1 }).waitFor();
    const recovery = (await (await t.api('/api/v1/loop/playbooks')).json()).data.find(
      (p: AnyJson) => p.key === 'detractor-recovery',
    );
    expect(recovery.steps.map((s: AnyJson) => s.title)).toEqual([
      'Call the customer',
      'Send an apology email',
      'Offer a goodwill gesture',
      'Thank them for their patience',
      'Follow-up survey: did we fix it?',
      'Check in after 30 days',
    ]);
    expect(recovery.steps[3]).toEqual({
      type: 'call',
      title: 'Thank them for their patience',
      dueAfterHours: 48,
    });
    expect(recovery.steps[1]).toMatchObject({ type: 'email', template: 'apology' });
  });

  it('asks before leaving a half-edited rule, and keeps the edit when told to stay', async () => {
    await page.goto(`${t.url}/rules`);
    await page.getByRole('table', { name: 'Red-flag rules' }).getByRole('link', { name: 'Low CSAT' }).click();
    const form = page.getByRole('form', { name: 'Rule' });
    const description = form.getByRole('textbox', { name: 'Description' });
    await description.fill('Half-written note');
    const nav = page.getByRole('navigation', { name: 'Main' });

    const asked: string[] = [];
    page.once('dialog', (d) => {
      asked.push(d.message());
      void d.dismiss();
    });
    await nav.getByRole('link', { name: 'Customers' }).click();
    await expect.poll(() => asked).toEqual(['You have unsaved changes. Leave without saving them?']);
    // Stayed: the edit is still there.
    expect(new URL(page.url()).pathname).toMatch(/^\/rules\/[0-9a-f-]+$/);
    expect(await description.inputValue()).toBe('Half-written note');

    // Back asks too; staying keeps the page, its address and the edit.
    const rulePath = new URL(page.url()).pathname;
    page.once('dialog', (d) => {
      asked.push(d.message());
      void d.dismiss();
    });
    await page.goBack();
    await expect.poll(() => asked.length).toBe(2);
    await expect.poll(() => new URL(page.url()).pathname).toBe(rulePath);
    expect(await description.inputValue()).toBe('Half-written note');

    page.once('dialog', (d) => void d.accept());
    await nav.getByRole('link', { name: 'Customers' }).click();
    await page.waitForURL(`${t.url}/customers`);
    const csat = (await (await t.api('/api/v1/rules')).json()).data.find(
      (r: AnyJson) => r.key === 'csat-low',
    );
    expect(csat.description).not.toBe('Half-written note');

    // Cancel means "drop my changes": no question.
    await page.goto(`${t.url}/rules`);
    await page.getByRole('table', { name: 'Red-flag rules' }).getByRole('link', { name: 'Low CSAT' }).click();
    await form.getByRole('textbox', { name: 'Description' }).fill('Another note');
    let questioned = false;
    page.once('dialog', (d) => {
      questioned = true;
      void d.dismiss();
    });
    await form.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('heading', { name: 'Red-flag rules', level: 1 }).waitFor();
    expect(questioned).toBe(false);
    page.removeAllListeners('dialog');
  });

  it('is not in an agent’s navigation', async () => {
    const context = await browser.newContext({ viewport: LAPTOP, locale: 'en-GB' });
    const agentPage = await context.newPage();
    agentPage.setDefaultTimeout(15_000);
    await agentPage.goto(`${t.url}/customers`);
    await signIn(agentPage, agent.email, agent.password);
    const nav = agentPage.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'My work' }).waitFor();
    expect(await nav.getByRole('link', { name: 'Rules' }).count()).toBe(0);
    await context.close();
  });
});

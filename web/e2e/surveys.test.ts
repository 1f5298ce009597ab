import type { Browser, FrameLocator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submitResponse } from '../../src/modules/feedback/submit-response.ts';
import { createCustomerApi } from '../../src/modules/feedback/testing.ts';
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

// A manager builds an NPS survey, watching the public page and the email (drawn by the server's
// own templates) follow each keystroke, saves it and finds it in the list. On the survey's page
// they add a trigger ("24 h after a purchase, to active customers"), pause it and change it.
// Answers seeded through the real submit path then show in the results: the trend, the count of
// each score, the comments with their sentiment in words and their themes, and a theme corrected.

let t: TestApp;
let browser: Browser;
let page: Page;
let manager: { email: string; password: string };
let surveyId = '';

const cellTexts = async (row: ReturnType<Page['getByRole']>) =>
  (await row.getByRole('cell').allTextContents()).map((s) => s.trim());

describe.runIf(browserTestsRunnable)('Surveys for a manager', () => {
  beforeAll(async () => {
    const [app] = await Promise.all([startTestApp(), ensureWebBuilt()]);
    t = app;
    const m = await createStaffUser(t.ctx, 'manager', 'morgan@example.com');
    manager = { email: m.staff.email, password: m.password };
    browser = await launchChromium();
    page = await openPage(browser);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('builds an NPS survey with a live preview of the page and the email, saves it and lists it', async () => {
    await page.goto(`${t.url}/surveys`);
    await signIn(page, manager.email, manager.password);
    await page.getByRole('heading', { name: 'Surveys', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'New survey' }).click();
    await page.getByRole('heading', { name: 'New survey', level: 1 }).waitFor();

    const form = page.getByRole('form', { name: 'Survey builder' });
    const preview = page.getByRole('region', { name: 'Preview of what the customer sees' });
    // An empty draft cannot be drawn yet; the preview says why, in the form's words.
    await preview.getByText('Question 1 text cannot be empty.', { exact: false }).waitFor();
    await form.getByLabel('Name', { exact: false }).first().fill('Relationship NPS');
    await form.getByRole('textbox', { name: 'Title' }).fill('How are we doing?');

    const publicPage: FrameLocator = page.frameLocator('iframe[title="Public page preview"]');
    const question = form.getByRole('textbox', { name: 'Question text' });
    await question.pressSequentially('How likely are you');
    await publicPage.getByRole('heading', { name: 'How are we doing?' }).waitFor();
    await publicPage.getByText('How likely are you', { exact: true }).waitFor();
    await question.pressSequentially(' to recommend us?');
    await publicPage.getByText('How likely are you to recommend us?', { exact: true }).waitFor();
    // The NPS scale as the public page draws it.
    expect(await publicPage.getByRole('radio').count()).toBe(11);
    await publicPage.getByText('Not at all likely').first().waitFor();

    await form.getByRole('button', { name: 'Add a follow-up band' }).click();
    await form.getByLabel('to', { exact: true }).fill('6');
    await form.getByRole('textbox', { name: 'Band 1 prompt' }).fill('What could we have done better?');
    // The page's own CSS shows the band's prompt once a score in it is picked, without a script.
    const prompt = publicPage.getByText('What could we have done better?');
    await prompt.waitFor({ state: 'attached' });
    expect(await prompt.isVisible()).toBe(false);
    await publicPage.getByRole('radio', { name: '3', exact: true }).check();
    await prompt.waitFor({ state: 'visible' });
    await publicPage.getByRole('radio', { name: '9', exact: true }).check();
    await prompt.waitFor({ state: 'hidden' });

    // The email: its subject and its reward line follow the form.
    await form.getByRole('textbox', { name: 'Email subject' }).fill('Would you recommend us?');
    await form.getByRole('textbox', { name: 'Reward points' }).fill('50');
    await preview.getByRole('tab', { name: 'Email', exact: true }).click();
    const email = page.frameLocator('iframe[title="Email preview"]');
    // The reward was typed after the subject: once it shows, the subject is in too.
    await email.getByText('Answer and we will add 50 points to your account.').waitFor();
    expect(await email.locator('title').textContent()).toBe('Would you recommend us?');
    await email.getByRole('heading', { name: 'How are we doing?' }).waitFor();
    // One link per score, each leading to the inert preview address.
    const scoreLinks = email.locator('a[href*="/s/preview?score="]');
    expect(await scoreLinks.count()).toBe(11);
    await preview.getByText('Alex Example <alex@example.com>').waitFor();
    await preview.getByText('Would you recommend us?', { exact: true }).waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'surveys');

    // The anonymous form's guards appear once it is offered.
    const anonymous = form.getByRole('group', { name: 'Anonymous form' });
    expect(await anonymous.getByLabel('Answers per address per hour').count()).toBe(0);
    await anonymous.getByLabel('Also offer an anonymous web form').check();
    expect(await anonymous.getByLabel('Count anonymous answers in the score').isChecked()).toBe(false);
    await anonymous.getByLabel('Answers per address per hour').fill('3');

    await form.getByRole('button', { name: 'Create survey' }).click();
    await page.getByRole('heading', { name: 'Relationship NPS', level: 1 }).waitFor();
    await page.getByRole('form', { name: 'Send the survey' }).waitFor();

    const list = await (await t.api('/api/v1/surveys')).json();
    expect(list.data).toHaveLength(1);
    expect(list.data[0]).toMatchObject({
      name: 'Relationship NPS',
      title: 'How are we doing?',
      emailSubject: 'Would you recommend us?',
      incentive: { points: 50 },
      linkValidDays: 30,
      anonymousForm: true,
      anonymousInScores: false,
      anonymousPerAddressHour: 3,
      anonymousPerDay: 500,
      status: 'live',
      version: 1,
      questions: [
        {
          id: 'nps',
          type: 'nps',
          text: 'How likely are you to recommend us?',
          followUps: [{ min: 0, max: 6, text: 'What could we have done better?' }],
        },
      ],
    });
    surveyId = list.data[0].id;
  });

  it('tells customers of the same name apart in the send picker, and keeps picks across searches', async () => {
    const make = async (json: Record<string, unknown>) =>
      (await (await t.api('/api/v1/customers', { method: 'POST', json })).json()).id as string;
    const first = await make({ name: 'Alex Kim', emails: ['alex.kim@first.example'] });
    const second = await make({ name: 'Alex Kim', emails: ['alex.kim@second.example'] });
    const bea = await make({ name: 'Bea Park', emails: ['bea@example.com'] });
    await page.goto(`${t.url}/surveys/${surveyId}`);
    const form = page.getByRole('form', { name: 'Send the survey' });
    const picker = form.getByLabel('Customers', { exact: true });
    // Results arrive as the search settles and the dropdown moves with them: click once the list
    // holds just what the search finds (a click on a moving option can land outside and close it).
    const options = page.getByRole('option');
    await picker.fill('Alex');
    await page.getByRole('option', { name: 'Alex Kim · alex.kim@first.example · no owner' }).waitFor();
    await expect.poll(() => options.count()).toBe(2);
    await page.getByRole('option', { name: 'Alex Kim · alex.kim@second.example · no owner' }).click();
    await picker.fill('Bea');
    await page.getByRole('option', { name: 'Bea Park · bea@example.com · no owner' }).waitFor();
    // The first pick stays among the options whatever the search shows.
    await expect.poll(() => options.count()).toBe(2);
    await page.getByRole('option', { name: 'Bea Park · bea@example.com · no owner' }).click();
    // A new search did not drop the first pick.
    await form.getByRole('button', { name: 'Send to 2 customers' }).click();
    await page.getByRole('table', { name: 'Send outcomes' }).waitFor();
    const sends = (await (await t.api(`/api/v1/surveys/${surveyId}/sends`)).json()).data;
    expect(sends.map((x: { customerId: string }) => x.customerId).sort()).toEqual([second, bea].sort());
    expect(sends.map((x: { customerId: string }) => x.customerId)).not.toContain(first);
  });

  it('adds a trigger, pauses it and changes it; the API keeps what was not changed', async () => {
    const panel = page.getByRole('region', { name: 'Triggers' });
    await panel.getByText('No triggers', { exact: false }).waitFor();
    await panel.getByRole('button', { name: 'Add a trigger' }).click();
    const form = panel.getByRole('form', { name: 'New trigger' });
    await form.getByLabel('Kind of touchpoint').first().fill('purchase');
    await page.keyboard.press('Escape');
    await form.getByLabel('Only customers who are').first().click();
    await page.getByRole('option', { name: 'Active', exact: true }).click();
    await page.keyboard.press('Escape');
    const sentence = 'Send this survey by email 24 h after a purchase, to active customers.';
    await form.getByText(sentence).waitFor();
    await form.getByRole('button', { name: 'Add trigger' }).click();

    const list = panel.getByRole('list', { name: 'Triggers of this survey' });
    await list.getByText(sentence).waitFor();
    await list.getByRole('button', { name: 'Pause trigger 1' }).click();
    await list.getByRole('button', { name: 'Resume trigger 1' }).waitFor();
    await list.getByText('Paused', { exact: true }).waitFor();
    const paused = await (await t.api(`/api/v1/surveys/${surveyId}/triggers`)).json();
    expect(paused.data).toEqual([
      expect.objectContaining({
        interactionKind: 'purchase',
        delayHours: 24,
        channel: 'email',
        condition: { statuses: ['active'] },
        active: false,
      }),
    ]);

    await list.getByRole('button', { name: 'Edit trigger 1' }).click();
    const edit = panel.getByRole('form', { name: 'Edit trigger 1' });
    await edit.getByRole('textbox', { name: 'Delay (hours)' }).fill('48');
    await edit.getByRole('button', { name: 'Save trigger' }).click();
    await list
      .getByText('Send this survey by email 48 h (2 days) after a purchase, to active customers.')
      .waitFor();
    const changed = await (await t.api(`/api/v1/surveys/${surveyId}/triggers`)).json();
    // Pausing stays: the edit sends the fields of the form, not `active`.
    expect(changed.data[0]).toMatchObject({
      delayHours: 48,
      active: false,
      condition: { statuses: ['active'] },
    });
    expect(await accessibilityProblems(page)).toEqual([]);
  });

  it('shows the results of answers: trend, scores, comments with sentiment and themes', async () => {
    const customerId = await createCustomerApi(t, { name: 'Jeanne Martin', emails: ['jeanne@example.com'] });
    const now = Date.now();
    const answers: [number, string | undefined, number][] = [
      [3, 'The wait was far too long and the staff was rude', 0],
      [9, 'Helpful staff, thank you so much', 0],
      [10, undefined, 0],
      [6, undefined, 40],
      [9, undefined, 40],
    ];
    for (const [score, text, daysAgo] of answers) {
      await submitResponse(t.ctx, {
        surveyId,
        customerId,
        channel: 'phone',
        via: 'staff',
        answers: [{ questionId: 'nps', score, text }],
        respondedAt: new Date(now - daysAgo * 86_400_000),
      });
    }
    await page.reload();
    await page.getByRole('heading', { name: 'Relationship NPS', level: 1 }).waitFor();

    // The count of each score, as the numbers table under the chart gives it.
    const scores = page.getByRole('region', { name: 'NPS answers by score' });
    await scores.getByText('5 answers: 2 detractors (0–6), 0 passives (7–8), 3 promoters (9–10)').waitFor();
    await scores.getByRole('button', { name: 'Show numbers' }).click();
    const rows = scores.getByRole('table', { name: 'NPS answers by score' }).getByRole('row');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(12);
    const counts = await Promise.all(
      Array.from({ length: 11 }, async (_, s) => (await cellTexts(rows.nth(s + 1)))[1]),
    );
    expect(counts).toEqual(['0', '0', '0', '1', '0', '0', '1', '0', '0', '2', '1']);
    expect(await cellTexts(rows.nth(4))).toEqual(['3', '1', '20%', 'Detractors (0–6)']);

    // The trend by month: the answers fall in two months (40 days apart).
    const trend = page.getByRole('region', { name: 'NPS trend' });
    await trend.getByRole('button', { name: 'Show numbers' }).click();
    const months = trend.getByRole('table', { name: 'NPS by month' }).getByRole('row');
    await months.first().waitFor();
    expect(await months.count()).toBe(3);

    // Comments with their score, sentiment in words and themes.
    const table = page.getByRole('table', { name: 'Responses' });
    const rude = table.getByRole('row', { name: /The wait was far too long/ });
    const rudeCells = await cellTexts(rude);
    expect(rudeCells[1]).toBe('NPS 3');
    expect(rudeCells[3]).toBe('Negative');
    expect(rudeCells[4]).toContain('Wait time');
    expect(rudeCells[4]).toContain('Rude or unfriendly');
    const kind = await cellTexts(table.getByRole('row', { name: /Helpful staff, thank you/ }));
    expect([kind[1], kind[3]]).toEqual(['NPS 9', 'Positive']);
    expect(kind[4]).toContain('Helpful staff');

    const themes = page.getByRole('list', { name: 'Themes in comments, most frequent first' });
    await themes.getByText('Wait time').waitFor();
    expect(await themes.getByRole('listitem').count()).toBe(3);
    expect(await accessibilityProblems(page)).toEqual([]);
    await scores.getByRole('button', { name: 'Hide numbers' }).click();
    await trend.getByRole('button', { name: 'Hide numbers' }).click();
    await screenshot(page, 'survey-results');

    // A manager corrects a comment's themes: the price was the problem too.
    await rude.getByRole('button', { name: /^Edit themes of response/ }).click();
    await page.getByLabel('Themes of this comment').first().click();
    await page.getByRole('option', { name: 'Price' }).click();
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Save themes' }).click();
    await rude.getByText('Price', { exact: true }).waitFor();
    const stored = await (await t.api(`/api/v1/surveys/${surveyId}/responses`)).json();
    const corrected = stored.data.find((r: { score: number }) => r.score === 3);
    expect(corrected.themes).toEqual(expect.arrayContaining(['wait-time', 'rude', 'price']));
    await themes.getByText('Price').waitFor();
  });
});

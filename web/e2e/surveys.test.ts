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

// A manager builds an NPS survey, watching the preview follow each keystroke, saves it and
// finds it in the list.

let t: TestApp;
let browser: Browser;
let page: Page;
let manager: { email: string; password: string };

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

  it('builds an NPS survey with a live preview, saves it and lists it', async () => {
    await page.goto(`${t.url}/surveys`);
    await signIn(page, manager.email, manager.password);
    await page.getByRole('heading', { name: 'Surveys', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'New survey' }).click();
    await page.getByRole('heading', { name: 'New survey', level: 1 }).waitFor();

    const form = page.getByRole('form', { name: 'Survey builder' });
    const preview = page.getByRole('region', { name: 'Preview of what the customer sees' });
    await form.getByLabel('Name', { exact: false }).first().fill('Relationship NPS');
    await form.getByRole('textbox', { name: 'Title' }).fill('How are we doing?');
    await preview.getByRole('heading', { name: 'How are we doing?' }).waitFor();

    const question = form.getByRole('textbox', { name: 'Question text' });
    await question.pressSequentially('How likely are you');
    await preview.getByText('How likely are you', { exact: true }).waitFor();
    await question.pressSequentially(' to recommend us?');
    await preview.getByText('How likely are you to recommend us?', { exact: true }).waitFor();
    // The NPS scale as the public page draws it.
    expect(await preview.getByRole('radio').count()).toBe(11);
    await preview.getByText('Not at all likely').waitFor();

    await form.getByRole('button', { name: 'Add a follow-up band' }).click();
    await form.getByLabel('to', { exact: true }).fill('6');
    await form.getByRole('textbox', { name: 'Band 1 prompt' }).fill('What could we have done better?');
    await preview.getByRole('radio', { name: '3', exact: true }).check();
    await preview.getByLabel('What could we have done better?', { exact: false }).waitFor();
    await preview.getByRole('radio', { name: '9', exact: true }).check();
    await preview.getByLabel('Anything you would like to tell us?', { exact: false }).waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'surveys');

    await form.getByRole('button', { name: 'Create survey' }).click();
    await page.getByRole('heading', { name: 'Relationship NPS', level: 1 }).waitFor();
    await page.getByRole('form', { name: 'Send the survey' }).waitFor();

    const list = await (await t.api('/api/v1/surveys')).json();
    expect(list.data).toHaveLength(1);
    expect(list.data[0]).toMatchObject({
      name: 'Relationship NPS',
      title: 'How are we doing?',
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

    await page.getByRole('link', { name: 'Surveys' }).first().click();
    const row = page.getByRole('table', { name: 'Surveys' }).getByRole('row', { name: /Relationship NPS/ });
    await row.waitFor();
    expect(await row.textContent()).toContain('NPS');
    expect(await row.textContent()).toContain('Live');
    expect(await accessibilityProblems(page)).toEqual([]);
  });
});

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Without Chromium the browser tests skip locally; in CI (which installs it) they must run. */
export const browserTestsRunnable = fs.existsSync(CHROMIUM) || !!process.env.CI;
export const SCREENSHOTS = path.resolve(import.meta.dirname, '../../docs/screenshots');
export const LAPTOP = { width: 1280, height: 800 };
export const TABLET = { width: 820, height: 1180 };

const buildScript = path.resolve(import.meta.dirname, '../scripts/build.ts');

/**
 * Builds the UI if a source file changed since the last build, exactly as `npm start` does: in
 * its own process, so the test runner's NODE_ENV=test cannot turn it into a development build.
 */
export async function ensureWebBuilt(): Promise<void> {
  const { code, output } = await new Promise<{ code: number | null; output: string }>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', buildScript, '--if-stale'], {
      env: { ...process.env, NODE_ENV: 'production' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      out += d;
    });
    child.on('error', reject);
    child.on('close', (c) => resolve({ code: c, output: out }));
  });
  if (code !== 0 || !/web UI (built|is up to date)/.test(output))
    throw new Error(`web UI build failed:\n${output}`);
}

/**
 * Debian's Chromium, headless, with everything that phones home turned off (this machine has
 * no network but the package registries). Playwright gives each launch a fresh, temporary
 * user-data-dir, so no state leaks between runs.
 */
export function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM}: install it with "apt-get install chromium" (.ci/run does)`,
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-quic',
      '--no-first-run',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A page in a fresh browser context (its own cookies): laptop width, British English, London time. */
export async function openPage(browser: Browser, viewport = LAPTOP): Promise<Page> {
  const context = await browser.newContext({ viewport, locale: 'en-GB', timezoneId: 'Europe/London' });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return page;
}

export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
}

/** On a case page: resolve with an outcome and one root cause, as a rep does, and wait for it. */
export async function resolveCase(page: Page, outcome: string, rootCause: string): Promise<void> {
  const form = page.getByRole('form', { name: 'Resolve the case' });
  await form.getByRole('combobox', { name: 'Outcome' }).click();
  await page.getByRole('option', { name: outcome, exact: true }).click();
  await form.getByLabel('Root causes').first().click();
  await page.getByRole('option', { name: rootCause }).click();
  await page.keyboard.press('Escape');
  await form.getByRole('button', { name: 'Resolve case' }).click();
  await page.getByRole('form', { name: 'Reopen the case' }).waitFor();
}

/**
 * Refreshes a screenshot in docs/screenshots, only under `npm run screenshots`
 * (TENURE_SCREENSHOTS=1): a plain `npm test` never modifies tracked files.
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  if (process.env.TENURE_SCREENSHOTS !== '1') return;
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  // Animations, the blinking caret and passing notifications would make screenshots differ
  // from run to run.
  await page.screenshot({
    path: path.join(SCREENSHOTS, `${name}.png`),
    animations: 'disabled',
    caret: 'hide',
    style: '.mantine-Notifications-root { display: none !important; }',
  });
}

/**
 * Every form control and button on the page has an accessible name, and there is one h1.
 * Returns what is missing so a failure says where.
 */
export function accessibilityProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const h1s = document.querySelectorAll('h1');
    if (h1s.length !== 1) problems.push(`expected one h1, found ${h1s.length}`);
    const controls = document.querySelectorAll<HTMLElement>(
      'input:not([type=hidden]), select, textarea, button, a[href], [role=button], [role=tab], [role=radio]',
    );
    for (const el of controls) {
      if (el.closest('[aria-hidden=true]') || el.offsetParent === null) continue;
      const labelled =
        (el as HTMLInputElement).labels?.length ||
        el.getAttribute('aria-label') ||
        el.getAttribute('aria-labelledby') ||
        el.getAttribute('title') ||
        el.textContent?.trim();
      if (!labelled) problems.push(`unlabelled ${el.tagName.toLowerCase()} ${el.outerHTML.slice(0, 120)}`);
    }
    return problems;
  });
}

import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/helpers.ts';
import { createCustomerApi, createSurveyApi, npsSurvey } from './testing.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
let t: TestApp;
// Real time, moved on by the test where a person would take a moment to fill in the form.
let skewMs = 0;
const clock = { now: () => new Date(Date.now() + skewMs) };
let survey: { id: string };
let secret: string;
beforeAll(async () => {
  t = await startTestApp({ clock });
  t.ctx.config.publicUrl = t.url;
  survey = await createSurveyApi(
    t,
    npsSurvey({ name: 'Widget', anonymousForm: true, incentive: { points: 5 } }),
  );
  const w = await (await t.api(`/api/v1/surveys/${survey.id}/widget`)).json();
  secret = w.secret;
  expect(w.snippet).toContain(`data-key="${survey.id}"`);
});
afterAll(() => t?.close());

const hashOf = (id: string, source = 'shop') =>
  createHmac('sha256', secret).update(`${source}:${id}`).digest('hex');
const session = (externalId: string, hash = hashOf(externalId)) =>
  fetch(`${t.url}/w/${survey.id}/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: 'https://shop.example' },
    body: JSON.stringify({ externalId, idSource: 'shop', hash }),
  });

describe('the embeddable widget', () => {
  it('serves a script that builds its panel without innerHTML', async () => {
    const res = await fetch(`${t.url}/widget.js`);
    expect(res.headers.get('content-type')).toContain('application/javascript');
    const js = await res.text();
    expect(js).toContain('textContent');
    expect(js).not.toContain('innerHTML');
  });

  it('shows the survey to a vouched-for visitor once, and takes the answer as JSON from another site', async () => {
    const customer = await createCustomerApi(t, {
      name: 'Shopper',
      identities: [{ source: 'shop', externalId: 'S-1' }],
    });
    const forged = await session('S-1', hashOf('S-2'));
    expect(forged.status).toBe(403);
    expect(forged.headers.get('access-control-allow-origin')).toBe('*');
    expect(await (await session('nobody')).json()).toEqual({ show: false });

    const first = (await (await session('S-1')).json()) as { token: string };
    expect(first).toMatchObject({
      show: true,
      survey: { title: 'How are we doing?', questions: [{ id: 'nps' }, { id: 'topic' }] },
    });
    // Reloading the page keeps the same personal send: the budget is spent once.
    expect(((await (await session('S-1')).json()) as { token: string }).token).toBe(first.token);

    const preflight = await fetch(`${t.url}/s/${first.token}`, { method: 'OPTIONS' });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-headers')).toBe('content-type');
    const answer = await fetch(`${t.url}/s/${first.token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ answers: [{ questionId: 'nps', score: 9, text: 'Quick checkout' }] }),
    });
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({
      ok: true,
      thanks: 'Thank you, it really helps.',
      reward: 'We have added 5 points to your account.',
    });
    const again = await fetch(`${t.url}/s/${first.token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ answers: [{ questionId: 'nps', score: 1 }] }),
    });
    expect(again.status).toBe(409);
    expect(await (await session('S-1')).json()).toEqual({ show: false });
    const timeline = await (
      await t.api(`/api/v1/customers/${customer}/timeline?kind=survey-response`)
    ).json();
    expect(timeline.data[0]).toMatchObject({ channel: 'web', properties: { via: 'widget', score: 9 } });
  });

  it('offers an anonymous feedback form, as a page and to the widget, that bots fall into', async () => {
    const page = await fetch(`${t.url}/f/${survey.id}`);
    const html = await page.text();
    expect(html).toContain('name="respondent.email"');
    expect(html).toContain('class="trap"');
    const token = encodeURIComponent(/name="formToken" value="([^"]+)"/.exec(html)?.[1] ?? '');
    skewMs += 5_000;
    const post = (body: string, type = 'application/x-www-form-urlencoded') =>
      fetch(`${t.url}/f/${survey.id}`, {
        method: 'POST',
        headers: { 'content-type': type, accept: 'text/html' },
        body,
      });
    expect(
      (await post(`nps=3&nps.text=Too+slow&respondent.email=anon%40example.com&formToken=${token}`)).status,
    ).toBe(200);
    expect((await post('nps=3&website=http%3A%2F%2Fspam.example')).status).toBe(200);
    const bad = await post(`nps.text=no+score&formToken=${token}`);
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('Please choose a score');
    const json = await post(
      JSON.stringify({
        formToken: decodeURIComponent(token),
        answers: [{ questionId: 'nps', score: 10 }],
        pageUrl: 'https://shop.example/cart',
      }),
      'application/json',
    );
    expect(await json.json()).toEqual({ ok: true, thanks: 'Thank you, it really helps.' });
    const stored = await t.ctx.db
      .selectFrom('survey_response')
      .selectAll()
      .where('via', '=', 'web-form')
      .orderBy('score')
      .execute();
    expect(stored.map((r) => [r.score, r.customer_id, r.respondent])).toEqual([
      [3, null, { email: 'anon@example.com' }],
      [10, null, { pageUrl: 'https://shop.example/cart' }],
    ]);
    const closed = await createSurveyApi(t, npsSurvey({ name: 'No anonymous form' }));
    const none = await fetch(`${t.url}/f/${closed.id}`);
    expect(none.status).toBe(404);
    expect(await none.text()).toContain('Page not available');
  });

  it.skipIf(!fs.existsSync(CHROMIUM))(
    'works in a real browser on another site, and the page works with JavaScript off',
    async () => {
      await createCustomerApi(t, { name: 'Browser', identities: [{ source: 'shop', externalId: 'B-1' }] });
      const site = http.createServer((_req, res) => {
        res.setHeader('content-type', 'text/html');
        res.end(`<!doctype html><html lang="en"><body><h1>Shop</h1>
        <script src="${t.url}/widget.js" data-key="${survey.id}" data-customer="B-1" data-id-source="shop"
          data-customer-hash="${hashOf('B-1')}"></script></body></html>`);
      });
      await new Promise<void>((r) => site.listen(0, '127.0.0.1', r));
      const browser = await chromium.launch({
        executablePath: CHROMIUM,
        headless: true,
        args: ['--no-sandbox', '--disable-gpu'],
      });
      try {
        const page = await browser.newPage();
        await page.goto(`http://127.0.0.1:${(site.address() as AddressInfo).port}/`);
        const dialog = page.getByRole('dialog', { name: 'How are we doing?' });
        await dialog.getByLabel('7', { exact: true }).check();
        await dialog.getByRole('button', { name: 'Send' }).click();
        await dialog.getByText('Thank you, it really helps.').waitFor();

        const noJs = await browser.newContext({ javaScriptEnabled: false });
        const form = await noJs.newPage();
        await form.goto(`${t.url}/f/${survey.id}`);
        await form
          .getByRole('group', { name: /recommend us/ })
          .getByLabel('2', { exact: true })
          .check();
        // The detractor prompt appears through CSS alone.
        await form.getByText('What could we have done better?').waitFor({ state: 'visible' });
        await form.getByLabel('Anything you would like to tell us? (optional)').fill('<b>slow</b>');
        skewMs += 5_000;
        await form.getByRole('button', { name: 'Send my answer' }).click();
        await form.getByRole('heading', { name: 'Thank you!' }).waitFor();
      } finally {
        await browser.close();
        site.close();
      }
      const rows = await t.ctx.db
        .selectFrom('survey_response')
        .select(['score', 'comment', 'via'])
        .where('score', 'in', [2, 7])
        .orderBy('score')
        .execute();
      expect(rows).toEqual([
        { score: 2, comment: '<b>slow</b>', via: 'web-form' },
        { score: 7, comment: null, via: 'widget' },
      ]);
    },
  );
});

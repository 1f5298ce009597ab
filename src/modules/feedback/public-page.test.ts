import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/helpers.ts';
import { DAY_MS } from '../../kernel/clock.ts';
import { createCustomerApi, createSurveyApi, form, npsSurvey, personalLink } from './testing.ts';

let t: TestApp;
let now = new Date('2026-05-01T09:00:00Z');
beforeAll(async () => {
  t = await startTestApp({ clock: { now: () => now } });
});
afterAll(() => t?.close());

const page = async (url: string, init?: RequestInit) => {
  const res = await fetch(url, init);
  return { status: res.status, html: await res.text(), headers: res.headers };
};

describe('the public survey page', () => {
  it('is accessible, works without JavaScript and escapes every text', async () => {
    const survey = await createSurveyApi(
      t,
      npsSurvey({ title: 'Rate <b>us</b> & "friends"', intro: '<img src=x onerror=alert(1)>' }),
    );
    const customer = await createCustomerApi(t, { name: 'Page Person' });
    const link = await personalLink(t, survey.id, customer);
    const p = await page(link.url);
    expect(p.status).toBe(200);
    expect(p.html).toContain('<html lang="en">');
    expect(p.html).toContain('name="viewport"');
    expect(p.html).toContain('Rate &lt;b&gt;us&lt;/b&gt; &amp; &#34;friends&#34;');
    expect(p.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(p.html).not.toMatch(/<script|<img/i);
    // Score questions are radio groups in a fieldset with a legend; text areas have labels.
    expect(p.html).toMatch(
      /<fieldset id="q-nps">\s*<legend>How likely are you to recommend us to a friend\?/,
    );
    expect(p.html).toContain('<label class="followup-label" for="nps-text">');
    expect(p.html).toContain(`<form method="post" action="/s/${link.token}">`);
    expect(p.headers.get('referrer-policy')).toBe('no-referrer');
    expect(p.headers.get('cache-control')).toBe('no-store');
    // Without JavaScript, CSS reveals the detractor prompt once a low score is checked.
    expect(p.html).toContain('form:has(#nps-s0:checked) .band-nps-0');
  });

  it('shows missing answers inline, keeps what was typed, and stores the comment as text', async () => {
    const survey = await createSurveyApi(t);
    const customer = await createCustomerApi(t, { name: 'Typist' });
    const link = await personalLink(t, survey.id, customer);
    const comment = '</textarea><script>alert(1)</script>';
    const bad = await page(link.url, form([['nps.text', comment]]));
    expect(bad.status).toBe(400);
    expect(bad.html).toContain('role="alert"');
    expect(bad.html).toContain('Please choose a score');
    expect(bad.html).toContain('&lt;/textarea&gt;&lt;script&gt;alert(1)&lt;/script&gt;</textarea>');
    expect(bad.html).not.toContain('<script>');
    const out = await page(link.url, form([['nps', '12']]));
    expect(out.status).toBe(400);
    expect(out.html).toContain('The score must be from 0 to 10');
    const ok = await fetch(
      link.url,
      form([
        ['nps', '7'],
        ['nps.text', comment],
      ]),
    );
    expect(ok.status).toBe(303);
    const stored = await (await t.api(`/api/v1/surveys/${survey.id}/responses`)).json();
    expect(stored.data[0]).toMatchObject({ score: 7, comment, via: 'link', channel: 'email' });
  });

  it('answers forged, mangled, expired, used and closed links with a clear page, never a trace', async () => {
    const survey = await createSurveyApi(t);
    const customer = await createCustomerApi(t, { name: 'Link Person' });
    const link = await personalLink(t, survey.id, customer);
    const parts = link.token.split('.');
    const forged = [...parts.slice(0, -1), 'AAAAAAAAAAAAAAAAAAAAAA'].join('.');
    // Another customer's id with this send's signature: the signature no longer matches.
    const other = await createCustomerApi(t, { name: 'Someone Else' });
    const swapped = [
      Buffer.from(other.replaceAll('-', ''), 'hex').toString('base64url'),
      ...parts.slice(1),
    ].join('.');
    for (const bad of [forged, swapped, 'garbage', `${link.token}x`]) {
      for (const init of [undefined, form([['nps', '9']])]) {
        const p = await page(`${t.url}/s/${bad}`, init);
        expect(p.status).toBe(404);
        expect(p.html).toContain('This survey link does not work');
        expect(p.html).not.toMatch(/Error|stack|at .*\.ts/);
      }
    }
    now = new Date(now.getTime() + 31 * DAY_MS);
    const expired = await page(link.url);
    expect(expired.status).toBe(410);
    expect(expired.html).toContain('This survey link has expired');
    now = new Date(now.getTime() - 31 * DAY_MS);

    expect((await fetch(link.url, form([['nps', '9']]))).status).toBe(303);
    const used = await page(link.url);
    expect(used.html).toContain('You have already answered');
    const usedPost = await page(link.url, form([['nps', '1']]));
    expect(usedPost.status).toBe(409);

    const link2 = await personalLink(t, survey.id, customer);
    await t.api(`/api/v1/surveys/${survey.id}/archive`, { method: 'POST' });
    const closed = await page(link2.url);
    expect(closed.status).toBe(410);
    expect(closed.html).toContain('This survey has ended');
  });

  it('rate limits answers per client with a readable page', async () => {
    let last = 0;
    let html = '';
    for (let i = 0; i < 31; i++) {
      const res = await fetch(`${t.url}/s/not-a-token`, form([['nps', '1']]));
      last = res.status;
      html = await res.text();
    }
    expect(last).toBe(429);
    expect(html).toContain('Please slow down');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaffUser, logInCookie, startTestApp, type TestApp } from '../../../test/helpers.ts';
import { startSmtpServer, type TestSmtp } from '../../../test/smtp.ts';
import { deliverSend } from './deliver-send.ts';
import { createCustomerApi, createSurveyApi, form, npsSurvey, personalLink } from './testing.ts';

let t: TestApp;
let smtp: TestSmtp;
let agentCookie: string;
let managerCookie: string;
// A fixed clock: the email says until when its link works, and both renderings must agree.
const now = new Date('2026-05-01T09:00:00Z');
beforeAll(async () => {
  smtp = await startSmtpServer();
  t = await startTestApp({ clock: { now: () => now }, config: { smtpUrl: smtp.url } });
  t.ctx.config.publicUrl = t.url;
  const agent = await createStaffUser(t.ctx, 'agent');
  agentCookie = await logInCookie(t, agent.staff.email, agent.password);
  const manager = await createStaffUser(t.ctx, 'manager');
  managerCookie = await logInCookie(t, manager.staff.email, manager.password);
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

const preview = (json: unknown, headers?: Record<string, string>) =>
  t.api('/api/v1/surveys/preview', { method: 'POST', json, headers });

describe('the survey preview', () => {
  it('renders a draft with the real templates: the same page and email a customer gets, but for its links', async () => {
    const draft = npsSurvey({ incentive: { points: 50 }, linkValidDays: 14 });
    const res = await preview(draft, { cookie: managerCookie });
    expect(res.status).toBe(200);
    const p = await res.json();
    expect(p.page.html).toContain('<h1>How are we doing?</h1>');
    expect(p.page.html).toMatch(/<legend>How likely are you to recommend us to a friend\?/);
    expect(p.page.html).toContain('<legend>What was it about? <span class="hint">(optional)</span>');
    expect(p.page.html).toContain('form:has(#nps-s0:checked) .band-nps-0');
    expect(p.form).toBeNull();
    expect(p.email).toMatchObject({
      to: 'Alex Example <alex@example.com>',
      subject: 'Would you recommend us?',
    });
    expect(p.email.html).toContain(`href="${t.url}/s/preview?score=9"`);
    expect(p.email.text).toContain('Answer and we will add 50 points to your account.');
    expect(p.email.text).toContain('This link is personal and works until 2026-05-15.');

    // The same survey, saved and mailed to a real customer over SMTP: byte for byte the same
    // page and email once the personal tokens are swapped for the preview's.
    const survey = await createSurveyApi(t, draft);
    const customerId = await createCustomerApi(t, { name: 'Real Person', emails: ['real@example.com'] });
    const link = await personalLink(t, survey.id, customerId);
    const page = await (await fetch(link.url)).text();
    expect(page.replaceAll(`/s/${link.token}`, '/s/preview')).toBe(p.page.html);
    expect(await deliverSend(t.ctx, link)).toMatchObject({ status: 'sent' });
    const [mail] = await smtp.received(1);
    if (!mail) throw new Error('no mail');
    const unsubscribe = /\/u\/([A-Za-z0-9_.-]+)/.exec(String(mail.text))?.[1] ?? '';
    const preferences = /\/p\/([A-Za-z0-9_.-]+)/.exec(String(mail.text))?.[1] ?? '';
    const inert = (s: string) =>
      s
        .replaceAll(`/s/${link.token}`, '/s/preview')
        .replaceAll(`/u/${unsubscribe}`, '/u/preview')
        .replaceAll(`/p/${preferences}`, '/p/preview');
    expect(mail.subject).toBe(p.email.subject);
    expect(inert(String(mail.html))).toBe(p.email.html);
    expect(inert(String(mail.text)).trim()).toBe(p.email.text.trim());
  });

  it('shows the anonymous form when the draft offers one, and escapes every text', async () => {
    const res = await preview(
      npsSurvey({ name: undefined, anonymousForm: true, title: 'Rate <b>us</b>', emailSubject: '<i>Hi</i>' }),
    );
    expect(res.status).toBe(200);
    const p = await res.json();
    expect(p.form.html).toContain('<form method="post" action="/f/preview">');
    expect(p.form.html).toContain('<label class="followup-label" for="respondent-email">Your email</label>');
    expect(p.page.html).toContain('Rate &lt;b&gt;us&lt;/b&gt;');
    expect(p.email.subject).toBe('<i>Hi</i>');
    expect(p.email.html).toContain('<title>&lt;i&gt;Hi&lt;/i&gt;</title>');
    expect(p.email.html).not.toContain('<b>us</b>');
  });

  it('has links that answer nothing: posting to them is refused and no answer is stored', async () => {
    const p = await (await preview(npsSurvey({ anonymousForm: true }))).json();
    const action = /<form method="post" action="([^"]+)">/.exec(p.page.html)?.[1];
    expect(action).toBe('/s/preview');
    const answer = form([
      ['nps', '9'],
      ['nps.text', 'Great'],
    ]);
    const posted = await fetch(`${t.url}${action}`, answer);
    expect(posted.status).toBe(404);
    expect(await posted.text()).toContain('This survey link does not work');
    const json = await fetch(`${t.url}/s/preview`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ answers: [{ questionId: 'nps', score: 9 }] }),
    });
    expect(json.status).toBe(404);
    expect((await fetch(`${t.url}/f/preview`, answer)).status).toBeGreaterThanOrEqual(400);
    // The email's score link opens the "does not work" page; its unsubscribe link unsubscribes nobody.
    expect((await fetch(`${t.url}/s/preview?score=9`)).status).toBe(404);
    expect((await fetch(`${t.url}/u/preview`, form([['List-Unsubscribe', 'One-Click']]))).status).toBe(404);
    const stored = await t.ctx.db.selectFrom('survey_response').select('id').execute();
    expect(stored).toEqual([]);
  });

  it('refuses a bad draft with a 400 in words, and agents and strangers', async () => {
    const bad = await preview(
      npsSurvey({ title: '', questions: [{ id: 'pick', type: 'single', text: 'Pick one' }] }),
    );
    expect(bad.status).toBe(400);
    const msg = (await bad.json()).error.message;
    expect(msg).toMatch(/title/);
    expect(msg).toMatch(/a single question needs options/);

    expect((await preview(npsSurvey(), { cookie: agentCookie })).status).toBe(403);
    const stranger = await fetch(`${t.url}/api/v1/surveys/preview`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(npsSurvey()),
    });
    expect(stranger.status).toBe(401);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AnyJson,
  createStaffUser,
  logInCookie,
  startTestApp,
  type TestApp,
} from '../../../test/helpers.ts';
import { startSmtpServer, type TestSmtp } from '../../../test/smtp.ts';
import { DAY_MS } from '../../kernel/clock.ts';
import { getSigningKey, packUuid, signToken } from '../../kernel/signed-token.ts';
import { deliverSend } from '../feedback/deliver-send.ts';
import { createCustomerApi, createSurveyApi, form, npsSurvey } from '../feedback/testing.ts';
import { buildContactLinks, checkContact } from './index.ts';

let t: TestApp;
let smtp: TestSmtp;
// Saturday 5 December 2026, 10:00 UTC; moved forward by tests that need time to pass.
let now = new Date('2026-12-05T10:00:00Z');
const clock = { now: () => now };
beforeAll(async () => {
  smtp = await startSmtpServer();
  t = await startTestApp({ clock, config: { smtpUrl: smtp.url, mailFrom: 'Acme <care@acme.example>' } });
  t.ctx.config.publicUrl = t.url;
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

const consentPath = (id: string) => `/api/v1/outreach/customers/${id}/consent`;
const put = (id: string, json: unknown, headers: Record<string, string> = {}) =>
  t.api(consentPath(id), { method: 'PUT', json, headers });
const stateOf = (consent: AnyJson, channel: string, purpose: string) =>
  consent.cells.find((c: AnyJson) => c.channel === channel && c.purpose === purpose)?.state;
const refusalsOf = async (id: string) =>
  (await (await t.api(`/api/v1/outreach/customers/${id}/refusals`)).json()).data;
const sendsOf = async (surveyId: string, customerId: string) =>
  (await (await t.api(`/api/v1/surveys/${surveyId}/sends?customerId=${customerId}`)).json()).data;
const linkIn = (text: string, path: string) =>
  text.match(new RegExp(`${t.url}/${path}/[A-Za-z0-9_.-]+`))?.[0] ??
  expect.fail(`no /${path}/ link in ${text}`);

describe('consent per channel and purpose', () => {
  it('records "no phone calls" from any rep, on the timeline and in the audit log; granting is for those who may act', async () => {
    const owner = await createStaffUser(t.ctx, 'agent');
    const other = await createStaffUser(t.ctx, 'agent');
    const id = await createCustomerApi(t, {
      name: 'Pat Phone',
      phones: ['+44 20 7946 0000'],
      ownerId: owner.staff.id,
    });
    const cookie = await logInCookie(t, other.staff.email, other.password);
    const headers = { cookie, origin: t.url };
    const noCalls = ['service', 'survey', 'marketing'].map((purpose) => ({
      channel: 'phone',
      purpose,
      state: 'refused',
    }));
    const res = await put(id, { cells: noCalls, source: 'phone call', note: 'Prefers email' }, headers);
    expect(res.status).toBe(200);
    const consent = await res.json();
    for (const p of ['service', 'survey', 'marketing']) expect(stateOf(consent, 'phone', p)).toBe('refused');
    expect(stateOf(consent, 'email', 'survey')).toBe('unknown');
    expect(
      consent.cells.find((c: AnyJson) => c.channel === 'phone' && c.purpose === 'service'),
    ).toMatchObject({
      source: 'phone call',
      recordedBy: 'staff',
      staffId: other.staff.id,
      note: 'Prefers email',
    });

    // Another team's agent may not say yes on the customer's behalf.
    const grant = await put(
      id,
      { cells: [{ channel: 'phone', purpose: 'service', state: 'granted' }] },
      headers,
    );
    expect(grant.status).toBe(403);
    expect((await grant.json()).error.message).toContain('agents record refusals for anyone');

    const timeline = (await (await t.api(`/api/v1/customers/${id}/timeline?kind=consent-change`)).json())
      .data;
    expect(timeline).toHaveLength(1);
    expect(timeline[0]).toMatchObject({
      channel: 'phone',
      staffId: other.staff.id,
      subject: 'phone calls refused (service, surveys, news and offers) (phone call)',
      body: 'Prefers email',
    });
    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .selectAll()
      .where('customer_id', '=', id)
      .where('action', '=', 'outreach.consent.set')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]?.actor_id).toBe(other.staff.id);

    // Recording the same choice again changes nothing and adds nothing to the timeline.
    expect((await put(id, { cells: noCalls }, headers)).status).toBe(200);
    expect(
      (await (await t.api(`/api/v1/customers/${id}/timeline?kind=consent-change`)).json()).data,
    ).toHaveLength(1);

    // The one check refuses a call, says why, and the refusal is listed with its rule.
    const verdict = await checkContact(t.ctx, {
      customerId: id,
      purpose: 'check-in',
      channel: 'phone',
      reference: 'call-list:1',
    });
    expect(verdict).toMatchObject({ allowed: false, code: 'opted-out', rule: 'consent:service/phone' });
    expect(await refusalsOf(id)).toEqual([
      expect.objectContaining({
        code: 'opted-out',
        rule: 'consent:service/phone',
        reference: 'call-list:1',
        reason: 'opted out of service messages by phone calls (phone call, 2026-12-05)',
      }),
    ]);
    expect(
      await checkContact(t.ctx, { customerId: id, purpose: 'check-in', channel: 'email', reference: 'x' }),
    ).toMatchObject({
      allowed: true,
    });
  });

  it('keeps quiet hours in the customer’s time zone for calls and texts, and says when to try again', async () => {
    const id = await createCustomerApi(t, { name: 'Night Owl', timeZone: 'America/New_York' });
    const res = await put(id, {
      quietHours: { from: '21:00', to: '08:00' },
      preferred: { from: '17:00', to: '19:00', days: [1, 2, 3] },
    });
    expect(res.status).toBe(200);
    expect((await res.json()).hours).toMatchObject({
      quietHours: { from: '21:00', to: '08:00' },
      preferred: { from: '17:00', to: '19:00', days: [1, 2, 3] },
      effectiveTimeZone: 'America/New_York',
    });
    // 10:00 UTC is 05:00 in New York: quiet, until 08:00 local (13:00 UTC).
    const call = await checkContact(t.ctx, {
      customerId: id,
      purpose: 'check-in',
      channel: 'phone',
      reference: 'c1',
    });
    expect(call).toMatchObject({
      allowed: false,
      code: 'quiet-hours',
      reason: 'quiet hours 21:00–08:00 (America/New_York)',
    });
    expect(!call.allowed && call.retryAt?.toISOString()).toBe('2026-12-05T13:00:00.000Z');
    // Email does not ring: quiet hours do not apply to it.
    expect(
      (await checkContact(t.ctx, { customerId: id, purpose: 'survey', channel: 'email', reference: 'e1' }))
        .allowed,
    ).toBe(true);
    // A call planned for 15:00 UTC (10:00 local) is fine.
    const later = new Date('2026-12-05T15:00:00Z');
    expect(
      (
        await checkContact(t.ctx, {
          customerId: id,
          purpose: 'check-in',
          channel: 'phone',
          reference: 'c2',
          at: later,
        })
      ).allowed,
    ).toBe(true);
  });

  it('refuses bad input with a 4xx that says what is wrong', async () => {
    const id = await createCustomerApi(t, { name: 'Bad Input' });
    const cases: [unknown, string][] = [
      [{ cells: [{ channel: 'fax', purpose: 'survey', state: 'refused' }] }, 'cells.0.channel'],
      [{ cells: [{ channel: 'email', purpose: 'spam', state: 'refused' }] }, 'cells.0.purpose'],
      [{ cells: [{ channel: 'email', purpose: 'survey', state: 'maybe' }] }, 'cells.0.state'],
      [{ note: 'x'.repeat(1001) }, 'note'],
      [{ source: 'y'.repeat(101) }, 'source'],
      [{ quietHours: { from: '25:00', to: '08:00' } }, 'quietHours.from'],
      [{ quietHours: { from: '08:00', to: '08:00' } }, 'quietHours'],
      [{ preferred: { from: '19:00', to: '17:00' } }, 'preferred'],
      [{ timeZone: 'Mars/Olympus' }, 'timeZone'],
      [
        {
          cells: Array.from({ length: 16 }, () => ({
            channel: 'email',
            purpose: 'survey',
            state: 'refused',
          })),
        },
        'cells',
      ],
      [{ surprise: true }, 'surprise'],
    ];
    for (const [body, field] of cases) {
      const res = await put(id, body);
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(JSON.stringify(await res.json())).toContain(field);
    }
    expect((await put('00000000-0000-4000-8000-000000000000', { cells: [] })).status).toBe(404);
  });
});

describe('survey emails, the preference centre and one-click unsubscribe', () => {
  it('sends no survey email to a customer who refused surveys by email, and lists the refusal with its reason', async () => {
    const survey = await createSurveyApi(t, npsSurvey({ name: 'Consent check' }));
    const refused = await createCustomerApi(t, { name: 'No Surveys', emails: ['nosurveys@example.com'] });
    const welcome = await createCustomerApi(t, { name: 'Happy To Help', emails: ['happy@example.com'] });
    await put(refused, {
      cells: [{ channel: 'email', purpose: 'survey', state: 'refused' }],
      source: 'phone call',
    });
    await t.api(`/api/v1/surveys/${survey.id}/sends`, {
      method: 'POST',
      json: { customerIds: [refused, welcome] },
    });
    const before = smtp.messages.length;
    const [skip] = await sendsOf(survey.id, refused);
    const [go] = await sendsOf(survey.id, welcome);
    expect(await deliverSend(t.ctx, { customerId: refused, sendId: skip.id })).toEqual({
      status: 'skipped',
      reason: 'opted out of surveys by email (phone call, 2026-12-05)',
    });
    expect(await deliverSend(t.ctx, { customerId: welcome, sendId: go.id })).toEqual({ status: 'sent' });
    const mails = (await smtp.received(before + 1)).slice(before);
    expect(smtp.messages.slice(before).map((m) => m.to && !Array.isArray(m.to) && m.to.text)).toEqual([
      'happy@example.com',
    ]);
    expect(await refusalsOf(refused)).toEqual([
      expect.objectContaining({
        purpose: 'survey',
        channel: 'email',
        code: 'opted-out',
        rule: 'consent:survey/email',
        reference: `survey-send:${skip.id}`,
        reason: 'opted out of surveys by email (phone call, 2026-12-05)',
      }),
    ]);
    const [mail] = mails;
    if (!mail) throw new Error('no mail');
    // Every email carries the preference centre and a one-click unsubscribe from its purpose.
    expect(String(mail.text)).toContain(`${t.url}/p/`);
    const header = (name: string) => mail.headerLines.find((h) => h.key === name)?.line ?? '';
    expect(header('list-unsubscribe-post')).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    expect(header('list-unsubscribe')).toContain(`<${t.url}/u/`);
  });

  it('lets a customer change subscriptions on the preference centre with a plain form post', async () => {
    const id = await createCustomerApi(t, { name: 'Form Person', emails: ['form@example.com'] });
    const links = await buildContactLinks(t.ctx, { customerId: id, purpose: 'survey' }, now);
    const page = await fetch(links.preferencesUrl);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await page.text();
    expect(html).not.toContain('<script');
    for (const p of ['service', 'survey', 'marketing'])
      expect(html).toContain(`<input type="checkbox" name="email" value="${p}" id="email-${p}" checked>`);

    // Untick "news and offers", keep the rest: exactly what a browser posts.
    const post = await fetch(
      links.preferencesUrl,
      form([
        ['form', 'preferences'],
        ['email', 'service'],
        ['email', 'survey'],
      ]),
    );
    expect(post.status).toBe(303);
    const saved = await fetch(new URL(String(post.headers.get('location')), t.url));
    const savedHtml = await saved.text();
    expect(savedHtml).toContain('Your choices are saved');
    expect(savedHtml).toContain(
      '<input type="checkbox" name="email" value="marketing" id="email-marketing">',
    );
    const consent = await (await t.api(consentPath(id))).json();
    expect(
      consent.cells.find((c: AnyJson) => c.channel === 'email' && c.purpose === 'marketing'),
    ).toMatchObject({
      state: 'refused',
      source: 'preference centre',
      recordedBy: 'customer',
      staffId: null,
    });
    // Ticking boxes that were never unticked records nothing: we do not invent consent.
    expect(stateOf(consent, 'email', 'survey')).toBe('unknown');
    const timeline = (await (await t.api(`/api/v1/customers/${id}/timeline?kind=consent-change`)).json())
      .data;
    expect(timeline.map((e: AnyJson) => [e.direction, e.subject])).toEqual([
      ['inbound', 'email refused (news and offers) (preference centre)'],
    ]);
    expect(
      await checkContact(t.ctx, {
        customerId: id,
        purpose: 'newsletter',
        channel: 'email',
        reference: 'nl-1',
      }),
    ).toMatchObject({
      allowed: false,
      code: 'opted-out',
    });

    // "Unsubscribe from all emails", then a choice the page never offers.
    await fetch(
      links.preferencesUrl,
      form([
        ['form', 'preferences'],
        ['email', 'survey'],
        ['all', 'off'],
      ]),
    );
    const all = await (await t.api(consentPath(id))).json();
    for (const p of ['service', 'survey', 'marketing']) expect(stateOf(all, 'email', p)).toBe('refused');
    const bogus = await fetch(
      links.preferencesUrl,
      form([
        ['form', 'preferences'],
        ['email', 'everything'],
      ]),
    );
    expect(bogus.status).toBe(400);
    const huge = await fetch(
      links.preferencesUrl,
      form([
        ['form', 'preferences'],
        ['email', 'x'.repeat(300)],
      ]),
    );
    expect(huge.status).toBe(400);
    expect(await huge.text()).toContain('That did not work');
  });

  it('unsubscribes in one click per purpose (RFC 8058), old survey links included', async () => {
    const id = await createCustomerApi(t, { name: 'One Click', emails: ['oneclick@example.com'] });
    const links = await buildContactLinks(t.ctx, { customerId: id, purpose: 'newsletter' }, now);
    expect(links.headers['List-Unsubscribe']).toBe(`<${links.unsubscribeUrl}>`);
    // Opening the link (as mail scanners do) unsubscribes nobody.
    const confirm = await fetch(links.unsubscribeUrl);
    expect(await confirm.text()).toContain('Unsubscribe from newsletters and offers?');
    const click = await fetch(links.unsubscribeUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(click.status).toBe(200);
    expect(await click.text()).toContain('You will not receive any more newsletters and offers by email');
    let consent = await (await t.api(consentPath(id))).json();
    expect(stateOf(consent, 'email', 'marketing')).toBe('refused');
    expect(stateOf(consent, 'email', 'survey')).toBe('unknown');

    // An unsubscribe link from a survey email sent before this change still works: surveys.
    const legacy = signToken(
      await getSigningKey(t.ctx),
      'survey-unsubscribe',
      [packUuid(id)],
      new Date(now.getTime() + DAY_MS),
    );
    expect((await fetch(`${t.url}/u/${legacy}`, form([['List-Unsubscribe', 'One-Click']]))).status).toBe(200);
    consent = await (await t.api(consentPath(id))).json();
    expect(stateOf(consent, 'email', 'survey')).toBe('refused');
  });

  it('refuses forged and expired links with a page that says so', async () => {
    const id = await createCustomerApi(t, { name: 'Token Person' });
    const links = await buildContactLinks(t.ctx, { customerId: id, purpose: 'survey' }, now);
    const forged = `${links.preferencesUrl.slice(0, -4)}AAAA`;
    const f = await fetch(forged);
    expect(f.status).toBe(404);
    expect(await f.text()).toContain('This preferences link does not work');
    expect((await fetch(forged, form([['form', 'preferences']]))).status).toBe(404);
    // A preference token is not an unsubscribe token, nor the other way round.
    const swapped = links.preferencesUrl.replace('/p/', '/u/');
    expect((await fetch(swapped, form([['List-Unsubscribe', 'One-Click']]))).status).toBe(404);
    expect((await fetch(links.unsubscribeUrl.replace('/u/', '/p/'))).status).toBe(404);

    const saved = now;
    try {
      now = new Date(now.getTime() + 3 * 365 * DAY_MS);
      const e = await fetch(links.preferencesUrl);
      expect(e.status).toBe(410);
      expect(await e.text()).toContain('This preferences link has expired');
      const u = await fetch(links.unsubscribeUrl, form([['List-Unsubscribe', 'One-Click']]));
      expect(u.status).toBe(410);
      expect(await u.text()).toContain('This unsubscribe link has expired');
    } finally {
      now = saved;
    }
    const consent = await (await t.api(consentPath(id))).json();
    expect(consent.cells.every((c: AnyJson) => c.state === 'unknown')).toBe(true);
  });

  it('rate limits unsubscribe posts per client with a readable page', async () => {
    // 30 posts a minute per address; earlier tests in this file used a few of them.
    let res: Response | undefined;
    for (let i = 0; i < 31; i++) {
      res = await fetch(`${t.url}/u/not-a-token`, form([['List-Unsubscribe', 'One-Click']]));
      if (res.status === 429) break;
      expect(res.status).toBe(404);
    }
    expect(res?.status).toBe(429);
    expect(res?.headers.get('content-type')).toContain('text/html');
    expect(await res?.text()).toContain('Please slow down');
  });
});

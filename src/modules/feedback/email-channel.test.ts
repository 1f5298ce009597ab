import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/helpers.ts';
import { startSmtpServer, type TestSmtp } from '../../../test/smtp.ts';
import { deliverSend } from './deliver-send.ts';
import { feedbackJobs } from './index.ts';
import { sendReminder } from './send-reminder.ts';
import { createCustomerApi, createSurveyApi, eventually, form, npsSurvey } from './testing.ts';

let t: TestApp;
let smtp: TestSmtp;
beforeAll(async () => {
  smtp = await startSmtpServer({ refuse: ['gone@example.com'] });
  t = await startTestApp({ config: { smtpUrl: smtp.url, mailFrom: 'Acme <care@acme.example>' } });
  // Links in emails must point at this test server.
  t.ctx.config.publicUrl = t.url;
  await t.ctx.queue.work(t.ctx, feedbackJobs);
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

const linkIn = (text: string, path: string) => {
  const m = text.match(new RegExp(`${t.url}/${path}/[A-Za-z0-9_.-]+`));
  if (!m) throw new Error(`no /${path}/ link in:\n${text}`);
  return m[0];
};
const sendsOf = async (surveyId: string, customerId: string) =>
  (await (await t.api(`/api/v1/surveys/${surveyId}/sends?customerId=${customerId}`)).json()).data;

describe('the email channel, end to end', () => {
  it('mails a personal link over SMTP; the link is answered on the public page and lands on the timeline with the reward', async () => {
    const survey = await createSurveyApi(t, npsSurvey({ incentive: { points: 50 }, reminderAfterDays: 3 }));
    const customerId = await createCustomerApi(t, { name: 'Ada Lovelace', emails: ['ada@example.com'] });
    const res = await t.api(`/api/v1/surveys/${survey.id}/sends`, {
      method: 'POST',
      json: { customerIds: [customerId], idempotencyKey: 'spring-wave' },
    });
    expect(await res.json()).toEqual({ created: 1, existing: 0, queued: false });
    // The pg-boss worker started above delivers it; the SMTP server parses what really arrived.
    const [mail] = await smtp.received(1);
    if (!mail) throw new Error('no mail');
    expect(mail.subject).toBe('Would you recommend us?');
    expect(mail.from?.value[0]).toMatchObject({ name: 'Acme', address: 'care@acme.example' });
    expect(mail.to && !Array.isArray(mail.to) && mail.to.text).toBe('ada@example.com');
    expect(mail.text).toContain('Answer and we will add 50 points to your account.');
    const header = (name: string) => mail.headerLines.find((h) => h.key === name)?.line ?? '';
    expect(header('list-unsubscribe-post')).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    expect(header('list-unsubscribe')).toContain(`<${t.url}/u/`);
    const html = String(mail.html);
    for (let s = 0; s <= 10; s++) expect(html).toContain(`?score=${s}"`);

    // Retrying the API call creates nothing new.
    const again = await t.api(`/api/v1/surveys/${survey.id}/sends`, {
      method: 'POST',
      json: { customerIds: [customerId], idempotencyKey: 'spring-wave' },
    });
    expect(await again.json()).toEqual({ created: 0, existing: 1, queued: false });
    // The worker marks the send right after the SMTP server accepted it.
    const sent = await eventually(async () =>
      (await sendsOf(survey.id, customerId)).find((s: { status: string }) => s.status === 'sent'),
    );
    expect(sent).toMatchObject({ status: 'sent', answeredAt: null });
    expect(mail.messageId).toBe(`<${sent.id}@tenure.survey>`);

    // One click on "3" in the email: the page opens with 3 chosen and the detractor prompt.
    const surveyUrl = linkIn(String(mail.text), 's');
    const page = await fetch(`${surveyUrl}?score=3`);
    expect(page.status).toBe(200);
    const body = await page.text();
    expect(body).toMatch(/<input type="radio" name="nps" value="3" id="nps-s3" checked>/);
    expect(body).toContain('What could we have done better?');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");

    const comment = '<script>alert("x")</script> I waited 40 minutes & nobody called back';
    const post = await fetch(
      surveyUrl,
      form([
        ['nps', '3'],
        ['nps.text', comment],
        ['topic', 'service'],
      ]),
    );
    expect(post.status).toBe(303);
    const thanks = await fetch(new URL(String(post.headers.get('location')), t.url));
    const thanksHtml = await thanks.text();
    expect(thanksHtml).toContain('Thank you, it really helps.');
    expect(thanksHtml).toContain('We have added 50 points to your account.');

    const timeline = await (await t.api(`/api/v1/customers/${customerId}/timeline`)).json();
    const response = timeline.data.find((d: { kind: string }) => d.kind === 'survey-response');
    expect(response).toMatchObject({
      channel: 'email',
      source: 'feedback',
      direction: 'inbound',
      body: comment,
      properties: { surveyId: survey.id, surveyVersion: 1, type: 'nps', score: 3, comment, via: 'link' },
    });
    expect(response.sourceId).toBe(response.properties.responseId);
    expect(response.properties.themes).toEqual(expect.arrayContaining(['wait-time', 'broken-promise']));
    expect(response.sentiment).toBeLessThanOrEqual(0);
    expect(timeline.data.map((d: { kind: string }) => d.kind)).toEqual(
      expect.arrayContaining(['survey-sent', 'survey-response', 'reward-granted']),
    );

    // The same answer posted again: a clear page, and still one reward.
    const replay = await fetch(surveyUrl, form([['nps', '10']]));
    expect(replay.status).toBe(409);
    expect(await replay.text()).toContain('You have already answered');
    const account = await (await t.api(`/api/v1/loyalty/customers/${customerId}`)).json();
    expect(account.balance).toBe(50);
    const responses = await (await t.api(`/api/v1/surveys/${survey.id}/responses`)).json();
    expect(responses.data).toHaveLength(1);
    expect(responses.data[0]).toMatchObject({
      score: 3,
      answers: [{ questionId: 'nps' }, { questionId: 'topic', choices: ['service'] }],
    });

    // Answered: no reminder goes out.
    expect(await sendReminder(t.ctx, { customerId, sendId: sent.id })).toEqual({
      sent: false,
      reason: 'already answered',
    });
  });

  it('reminds once when unanswered, and an unsubscribe click stops every later survey at once', async () => {
    const survey = await createSurveyApi(t, npsSurvey({ name: 'Reminder test', reminderAfterDays: 2 }));
    const customerId = await createCustomerApi(t, { name: 'Grace Hopper', emails: ['grace@example.com'] });
    const before = smtp.messages.length;
    await t.api(`/api/v1/surveys/${survey.id}/sends`, {
      method: 'POST',
      json: { customerIds: [customerId] },
    });
    const mail = (await smtp.received(before + 1))[before];
    const send = await eventually(async () =>
      (await sendsOf(survey.id, customerId)).find((s: { status: string }) => s.status === 'sent'),
    );
    // The reminder job was scheduled for "sent + 2 days" when the send went out.
    const jobs = await sql<{ start_after: Date }>`select start_after from pgboss.job
      where name = 'feedback.send-reminder' and data->>'sendId' = ${send.id}`.execute(t.ctx.db);
    expect(jobs.rows).toHaveLength(1);
    expect(jobs.rows[0]?.start_after.getTime()).toBeGreaterThanOrEqual(
      new Date(send.sentAt).getTime() + 2 * 86_400_000 - 1000,
    );
    expect(await sendReminder(t.ctx, { customerId, sendId: send.id })).toEqual({ sent: true });
    const reminder = (await smtp.received(before + 2))[before + 1];
    expect(reminder?.subject).toBe('Reminder: Would you recommend us?');
    expect(linkIn(String(reminder?.text), 's')).toBe(linkIn(String(mail?.text), 's'));
    expect(await sendReminder(t.ctx, { customerId, sendId: send.id })).toEqual({
      sent: false,
      reason: 'already reminded',
    });

    const unsubscribeUrl = linkIn(String(mail?.text), 'u');
    const confirm = await fetch(unsubscribeUrl);
    expect(await confirm.text()).toContain('Unsubscribe from surveys?');
    // What a mail client's one-click unsubscribe sends (RFC 8058).
    const click = await fetch(unsubscribeUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(click.status).toBe(200);
    expect(await click.text()).toContain('You are unsubscribed');

    const other = await createSurveyApi(t, npsSurvey({ name: 'Another survey' }));
    const res = await t.api(`/api/v1/surveys/${other.id}/sends`, {
      method: 'POST',
      json: { customerIds: [customerId] },
    });
    expect((await res.json()).created).toBe(1);
    const [skipped] = await sendsOf(other.id, customerId);
    const result = await deliverSend(t.ctx, { customerId, sendId: skipped.id });
    expect(result.status).toBe('skipped');
    expect(result.reason).toMatch(/^opted out of surveys by email \(unsubscribe link, \d{4}-\d\d-\d\d\)$/);
    const timeline = await (
      await t.api(`/api/v1/customers/${customerId}/timeline?kind=consent-change`)
    ).json();
    expect(timeline.data).toHaveLength(1);
    expect(timeline.data[0]).toMatchObject({
      source: 'outreach',
      direction: 'inbound',
      subject: 'email refused (surveys) (unsubscribe link)',
    });
  });

  it('personalises subject, title, intro and question with Liquid over the customer profile', async () => {
    const survey = await createSurveyApi(
      t,
      npsSurvey({
        name: 'Personal',
        emailSubject: '{{ customer.firstName }}, would you recommend us?',
        title: 'For {{ customer.name }}',
        intro: 'Hi {{ customer.firstName | default: "there" }}, one minute of your time?',
      }),
    );
    const grace = await createCustomerApi(t, { name: 'Grace <b>Hopper</b>', emails: ['grace@example.com'] });
    const anon = await createCustomerApi(t, { emails: ['anon@example.com'] });
    const before = smtp.messages.length;
    await t.api(`/api/v1/surveys/${survey.id}/sends`, {
      method: 'POST',
      json: { customerIds: [grace, anon] },
    });
    const mails = (await smtp.received(before + 2)).slice(before);
    const to = (address: string) =>
      mails.find((m) => m.to && !Array.isArray(m.to) && m.to.text === address) ??
      expect.fail(`no mail to ${address}`);
    const g = to('grace@example.com');
    expect(g.subject).toBe('Grace, would you recommend us?');
    expect(g.text).toContain('Hi Grace, one minute of your time?');
    expect(g.text).toContain('For Grace <b>Hopper</b>');
    // Names are text in the HTML part, never markup.
    expect(String(g.html)).toContain('For Grace &lt;b&gt;Hopper&lt;/b&gt;');
    expect(String(g.html)).not.toContain('{{');
    const a = to('anon@example.com');
    expect(a.subject).toBe(', would you recommend us?');
    expect(a.text).toContain('Hi there, one minute of your time?');
  });

  it('skips customers without an address, fails for good on a refused mailbox and frees the budget', async () => {
    const survey = await createSurveyApi(t, npsSurvey({ name: 'Edge cases' }));
    const noEmail = await createCustomerApi(t, { name: 'No Mail' });
    const gone = await createCustomerApi(t, { name: 'Gone', emails: ['gone@example.com'] });
    await t.api(`/api/v1/surveys/${survey.id}/sends`, {
      method: 'POST',
      json: { customerIds: [noEmail, gone] },
    });
    const [a] = await sendsOf(survey.id, noEmail);
    const [b] = await sendsOf(survey.id, gone);
    expect(await deliverSend(t.ctx, { customerId: noEmail, sendId: a.id })).toEqual({
      status: 'skipped',
      reason: 'no email address',
    });
    const failed = await deliverSend(t.ctx, { customerId: gone, sendId: b.id });
    expect(failed.status).toBe('failed');
    expect(failed.reason).toMatch(/^mail server: .*550/);
    const contacts = await (await t.api(`/api/v1/outreach/customers/${gone}/contacts`)).json();
    expect(contacts.data).toEqual([]);
  });
});

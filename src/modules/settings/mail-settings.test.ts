import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaffUser, logInCookie, startTestApp, type TestApp } from '../../../test/helpers.ts';
import { startSmtpServer, type TestSmtp } from '../../../test/smtp.ts';
import { getMailer } from '../../kernel/mail.ts';

const PASSWORD = 's3cret-p@ss';
let t: TestApp;
let smtp: TestSmtp;
let smtpUrl: string;
const usedUrls: string[] = [];

/** The test peer's URL with a user and password, as a real provider's would carry. */
const withCredentials = (url: string) => {
  const u = new URL(url);
  u.username = 'mailer';
  u.password = encodeURIComponent(PASSWORD);
  return u.toString();
};
const useSmtp = (url: string | undefined) => {
  t.ctx.config.smtpUrl = url;
  if (url) usedUrls.push(url);
};
/** A local port nothing listens on: connecting there is refused at once. */
async function closedPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as net.AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}
const testSend = (to: string, headers?: Record<string, string>) =>
  t.api('/api/v1/settings/mail/test', { method: 'POST', json: { to }, headers });
const auditOf = async () =>
  t.ctx.db
    .selectFrom('audit_log')
    .select(['action', 'target', 'details', 'actor_kind'])
    .where('action', '=', 'settings.mail.test')
    .orderBy('id')
    .execute();

beforeAll(async () => {
  smtp = await startSmtpServer({ refuse: ['gone@example.com'] });
  smtpUrl = withCredentials(smtp.url);
  t = await startTestApp({ config: { smtpUrl: undefined, mailFrom: 'Acme Care <care@acme.example>' } });
});
afterAll(async () => {
  for (const url of usedUrls) getMailer({ smtpUrl: url, mailFrom: 'x' }).close();
  await t?.close();
  await smtp?.close();
});

describe('mail settings', () => {
  it('says plainly that SMTP is not configured, and refuses a test send with how to fix it', async () => {
    useSmtp(undefined);
    const get = await t.api('/api/v1/settings/mail');
    expect(get.status).toBe(200);
    expect(await get.json()).toEqual({
      configured: false,
      host: null,
      port: null,
      secure: false,
      startTls: false,
      user: null,
      passwordSet: false,
      from: 'Acme Care <care@acme.example>',
    });
    const res = await testSend('ops@acme.example');
    expect(res.status).toBe(409);
    const body = await res.json();
    expect(body.error.code).toBe('conflict');
    expect(body.error.message).toMatch(/^SMTP is not configured: set SMTP_URL/);
  });

  it('shows host, port, user and sender, but never the password', async () => {
    useSmtp(smtpUrl);
    const res = await t.api('/api/v1/settings/mail');
    const text = await res.text();
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain(encodeURIComponent(PASSWORD));
    expect(JSON.parse(text)).toEqual({
      configured: true,
      host: '127.0.0.1',
      port: Number(new URL(smtp.url).port),
      secure: false,
      // The test peer's URL says ?tls=off.
      startTls: false,
      user: 'mailer',
      passwordSet: true,
      from: 'Acme Care <care@acme.example>',
    });
  });

  it('sends a real test email through the SMTP server and records who sent it', async () => {
    useSmtp(smtpUrl);
    const before = smtp.messages.length;
    const admin = await createStaffUser(t.ctx, 'admin', 'grace@acme.example');
    const cookie = await logInCookie(t, admin.staff.email, admin.password);
    const res = await testSend('ops@acme.example', { cookie });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ sent: true, to: 'ops@acme.example' });

    const mail = (await smtp.received(before + 1))[before];
    if (!mail) throw new Error('no mail arrived');
    expect(mail.subject).toBe('Tenure test email');
    expect(mail.messageId).toBe(body.messageId);
    expect(mail.from?.value[0]).toMatchObject({ name: 'Acme Care', address: 'care@acme.example' });
    expect(mail.to && !Array.isArray(mail.to) && mail.to.text).toBe('ops@acme.example');
    expect(mail.text).toContain('sent by');
    expect(mail.text).toContain('grace@acme.example');
    expect(mail.text).not.toContain(PASSWORD);

    const audit = await auditOf();
    expect(audit.at(-1)).toMatchObject({
      action: 'settings.mail.test',
      target: 'ops@acme.example',
      actor_kind: 'staff',
      details: { sent: true, messageId: body.messageId },
    });
  });

  it("explains the SMTP server's refusal in words and audits the failed attempt", async () => {
    useSmtp(smtpUrl);
    const res = await testSend('gone@example.com');
    expect(res.status).toBe(503);
    const body = await res.json();
    expect(body.error.code).toBe('unavailable');
    expect(body.error.message).toMatch(/refused to send to gone@example\.com/);
    expect(body.error.message).toContain('550');
    expect(body.error.details.smtp).toMatchObject({ code: 'EENVELOPE', responseCode: 550 });
    expect(JSON.stringify(body)).not.toContain(PASSWORD);
    expect((await auditOf()).at(-1)).toMatchObject({
      target: 'gone@example.com',
      details: { sent: false, error: body.error.message },
    });
  });

  it('says when the SMTP server cannot be reached', async () => {
    const url = withCredentials(`smtp://127.0.0.1:${await closedPort()}?tls=off`);
    useSmtp(url);
    const res = await testSend('ops@acme.example');
    expect(res.status).toBe(503);
    const body = await res.json();
    expect(body.error.message).toMatch(/^Could not connect to the SMTP server at 127\.0\.0\.1:\d+/);
    expect(body.error.message).toContain('Check the host and port in SMTP_URL');
    expect(JSON.stringify(body)).not.toContain(PASSWORD);
    useSmtp(smtpUrl);
  });

  it('is for admins only', async () => {
    const body = JSON.stringify({ to: 'ops@acme.example' });
    for (const role of ['manager', 'agent'] as const) {
      const u = await createStaffUser(t.ctx, role);
      const cookie = await logInCookie(t, u.staff.email, u.password);
      expect((await t.api('/api/v1/settings/mail', { headers: { cookie } })).status).toBe(403);
      const post = await t.api('/api/v1/settings/mail/test', {
        method: 'POST',
        body,
        headers: { cookie, 'content-type': 'application/json' },
      });
      expect(post.status).toBe(403);
    }
    const invalid = await testSend('not an address');
    expect(invalid.status).toBe(400);
  });
});

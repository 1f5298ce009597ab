import type { Ctx } from '../../kernel/context.ts';
import { AppError } from '../../kernel/errors.ts';
import { describeMailSettings, getMailer } from '../../kernel/mail.ts';

/** What nodemailer puts on a failed send; every field is optional. */
type SmtpFailure = {
  code?: string;
  responseCode?: number;
  response?: string;
  command?: string;
  message?: string;
};

const notConfigured = () =>
  new AppError(
    'conflict',
    'SMTP is not configured: set SMTP_URL (for example smtp://user:password@smtp.example.com:587) in the environment and restart Tenure.',
  );

/**
 * Sends one real email through the configured SMTP server, so an admin can see that survey
 * emails and notifications will get out. Failures come back as an `unavailable` error whose
 * message says in words what the SMTP server did and what to check; `details.smtp` carries the
 * codes. The SMTP password never appears in either.
 */
export async function sendTestMail(
  ctx: Pick<Ctx, 'config' | 'clock'>,
  input: { to: string; requestedBy: string },
): Promise<{ messageId: string; accepted: string }> {
  const settings = describeMailSettings(ctx.config);
  if (!settings.configured) throw notConfigured();
  const server = `${settings.host}:${settings.port}`;
  try {
    const { messageId } = await getMailer(ctx.config).send({
      to: input.to,
      subject: 'Tenure test email',
      text: [
        `This is a test email from Tenure, sent by ${input.requestedBy} at ${ctx.clock.now().toISOString()}.`,
        '',
        `It went out through the SMTP server ${server} as ${settings.from}.`,
        'If you are reading it, survey emails and notifications can be delivered.',
      ].join('\n'),
    });
    return { messageId, accepted: input.to };
  } catch (err) {
    if (err instanceof AppError) throw err;
    const f = (err ?? {}) as SmtpFailure;
    throw new AppError('unavailable', scrub(explain(f, server, input.to), ctx.config.smtpUrl), {
      smtp: {
        code: f.code ?? null,
        responseCode: f.responseCode ?? null,
        command: f.command ?? null,
      },
    });
  }
}

/** The SMTP server's own words (e.g. "550 5.1.1 Mailbox unavailable"), without the noise. */
const reply = (f: SmtpFailure) => (f.response ?? f.message ?? '').trim().slice(0, 300);

function explain(f: SmtpFailure, server: string, to: string): string {
  const temporary = f.responseCode !== undefined && f.responseCode >= 400 && f.responseCode < 500;
  switch (f.code) {
    case 'EDNS':
      return `The SMTP server's host name in SMTP_URL could not be found (${reply(f)}). Check the host in SMTP_URL.`;
    case 'ECONNECTION':
    case 'ESOCKET':
      return `Could not connect to the SMTP server at ${server} (${reply(f)}). Check the host and port in SMTP_URL and that the server accepts connections from here.`;
    case 'ETIMEDOUT':
      return `The SMTP server at ${server} did not answer in time. Check the host and port in SMTP_URL and any firewall in between.`;
    case 'ETLS':
      return `The TLS handshake with the SMTP server at ${server} failed (${reply(f)}). Use smtps:// for port 465 and smtp:// for 587 or 25.`;
    case 'EAUTH':
      return `The SMTP server at ${server} refused the user name or password (${reply(f)}). Check the user and password in SMTP_URL.`;
    case 'EENVELOPE':
      return temporary
        ? `The SMTP server at ${server} temporarily refused the message to ${to} (${reply(f)}). Try again in a few minutes.`
        : `The SMTP server at ${server} refused to send to ${to} (${reply(f)}). Check the address, and that the server lets this account send as the sender address.`;
    case 'EMESSAGE':
      return `The SMTP server at ${server} refused the message (${reply(f)}).`;
    default:
      return temporary
        ? `The SMTP server at ${server} answered with a temporary error (${reply(f)}). Try again in a few minutes.`
        : `Sending through the SMTP server at ${server} failed (${reply(f) || 'no reason given'}).`;
  }
}

/** Belt and braces: an SMTP library could one day echo credentials in an error. */
function scrub(message: string, smtpUrl: string | undefined): string {
  if (!smtpUrl) return message;
  const password = decodeURIComponent(new URL(smtpUrl).password);
  return password ? message.split(password).join('••••') : message;
}

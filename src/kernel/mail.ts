import nodemailer, { type Transporter } from 'nodemailer';
import { AppError } from './errors.ts';

export type MailMessage = {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** A stable id (e.g. `<send-id@tenure>`): a retried hand-off carries the same one, so it can be recognised. */
  messageId?: string;
  headers?: Record<string, string>;
};

export type Mailer = { send(msg: MailMessage): Promise<{ messageId: string }>; close(): void };

// One pooled transport per SMTP URL: reusing connections is what makes bulk sends fast.
const transports = new Map<string, Transporter>();

/** What an SMTP URL means, in one place: the transport and the settings page read it alike. */
function smtpOptionsOf(url: string) {
  const u = new URL(url);
  const secure = u.protocol === 'smtps:';
  return {
    host: u.hostname,
    port: Number(u.port) || (secure ? 465 : 587),
    secure,
    auth: u.username
      ? { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) }
      : undefined,
    // `?tls=off` is for local test servers only; anything real negotiates STARTTLS when offered.
    ignoreTLS: u.searchParams.get('tls') === 'off',
    maxConnections: Number(u.searchParams.get('pool') ?? 5),
  };
}

/** The mail settings an admin may see: everything in SMTP_URL except the password. */
export type MailSettings = {
  configured: boolean;
  host: string | null;
  port: number | null;
  /** TLS from the first byte (smtps://); otherwise STARTTLS when the server offers it, unless `tls=off`. */
  secure: boolean;
  startTls: boolean;
  user: string | null;
  passwordSet: boolean;
  from: string;
};

export function describeMailSettings(config: {
  smtpUrl: string | undefined;
  mailFrom: string;
}): MailSettings {
  if (!config.smtpUrl) {
    const none = { host: null, port: null, secure: false, startTls: false, user: null, passwordSet: false };
    return { configured: false, ...none, from: config.mailFrom };
  }
  const o = smtpOptionsOf(config.smtpUrl);
  return {
    configured: true,
    host: o.host,
    port: o.port,
    secure: o.secure,
    startTls: !o.secure && !o.ignoreTLS,
    user: o.auth?.user ?? null,
    passwordSet: !!o.auth?.pass,
    from: config.mailFrom,
  };
}

function transportFor(url: string): Transporter {
  let t = transports.get(url);
  if (!t) {
    t = nodemailer.createTransport({
      ...smtpOptionsOf(url),
      pool: true,
      // Senders hold a row lock while handing mail over: fail fast rather than hang on a dead server.
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    });
    transports.set(url, t);
  }
  return t;
}

/**
 * The kernel's mail transport: nodemailer over the SMTP server in `SMTP_URL`. Without one,
 * sending fails with a clear `unavailable` error instead of pretending mail went out.
 */
export function getMailer(config: { smtpUrl: string | undefined; mailFrom: string }): Mailer {
  const url = config.smtpUrl;
  return {
    async send(msg) {
      if (!url) throw new AppError('unavailable', 'No SMTP server configured: set SMTP_URL to send email');
      const info = await transportFor(url).sendMail({ from: config.mailFrom, ...msg });
      return { messageId: String(info.messageId) };
    },
    close() {
      if (!url) return;
      transports.get(url)?.close();
      transports.delete(url);
    },
  };
}

export type MailFailure = {
  /** A retry cannot help: a 5xx answer (hard refusal) or our own refusal (AppError, e.g. no SMTP). */
  permanent: boolean;
  /** The mail server refused this address for good (5xx): senders mark it undeliverable. */
  hardBounce: boolean;
  reason: string;
};

/** What a failed send means, the same way for every sender (surveys, campaigns, win-back, events). */
export function classifyMailFailure(err: unknown): MailFailure {
  if (err instanceof AppError) return { permanent: true, hardBounce: false, reason: err.message };
  const e = err as { responseCode?: number; message?: string };
  const hardBounce = typeof e.responseCode === 'number' && e.responseCode >= 500;
  return { permanent: hardBounce, hardBounce, reason: `mail server: ${e.message ?? 'unknown error'}` };
}

/**
 * Job settings every bulk email sender shares (surveys, campaigns, win-back, event invitations).
 * Each delivery mostly waits (row lock, commit, SMTP), so several run side by side per process.
 * The polling interval matters: with NOTIFY on, pg-boss otherwise polls every 30 s, and after the
 * wake-ups of a big launch it took 200 jobs (8 × 25) and left the rest for the next poll: about
 * 7 emails/s (bench/campaign-send.ts).
 */
export const mailJobSettings = {
  batchSize: 25,
  localConcurrency: 8,
  notify: true,
  pollingIntervalSeconds: 0.5,
} as const;

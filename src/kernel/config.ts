import path from 'node:path';
import { z } from 'zod';

const envSchema = z.object({
  DATABASE_URL: z.string().url().optional(),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  TENURE_DATA_DIR: z.string().default('.tenure'),
  TENURE_PG_PORT: z.coerce.number().int().min(1).max(65535).default(54329),
  TENURE_COOKIE_SECURE: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  TENURE_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TENURE_DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(20),
  SMTP_URL: z.string().url().optional(),
  TENURE_MAIL_FROM: z.string().min(3).default('Tenure <no-reply@localhost>'),
  TENURE_PUBLIC_URL: z.string().url().optional(),
  TENURE_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  TENURE_TRUST_PROXY: z
    .string()
    .regex(
      /^(true|false|\d{1,2}|[0-9a-fA-F:.,/ ]{2,1000})$/,
      'must be true, false, a hop count or addresses/CIDRs',
    )
    .default('false'),
  TENURE_SESSION_IDLE_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 90)
    .default(12),
  TENURE_SESSION_MAX_DAYS: z.coerce.number().positive().max(365).default(7),
  TENURE_WEBHOOK_ALLOW_PRIVATE: z.string().max(2000).optional(),
});

/** Fastify's trustProxy: a boolean, a number of hops, or comma-separated addresses and CIDRs. */
export type TrustProxy = boolean | number | string;

function parseTrustProxy(v: string): TrustProxy {
  if (v === 'true') return true;
  if (v === 'false') return false;
  if (/^\d+$/.test(v)) return Number(v);
  return v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .join(',');
}

export type Config = {
  databaseUrl: string | undefined;
  port: number;
  host: string;
  dataDir: string;
  embeddedPgPort: number;
  cookieSecure: boolean;
  logLevel: z.infer<typeof envSchema>['TENURE_LOG_LEVEL'];
  dbPoolSize: number;
  /** SMTP server for outgoing mail (smtp://user:pass@host:port or smtps://…); unset = no mail. */
  smtpUrl: string | undefined;
  mailFrom: string;
  /** Base URL customers reach this server at, for links in emails; defaults to http://HOST:PORT. */
  publicUrl: string;
  /** Signs survey and unsubscribe links; when unset, one is generated once and kept in the database. */
  secret: string | undefined;
  /** Whose X-Forwarded-For/-Proto/-Host to believe (behind a reverse proxy); false = none. */
  trustProxy: TrustProxy;
  /** A session ends after this long without a request… */
  sessionIdleMs: number;
  /** …and this long after sign-in, whatever happens. */
  sessionMaxMs: number;
  /**
   * Webhook destinations allowed although they resolve to loopback, link-local, private or other
   * non-public addresses: host names and CIDRs, or `*` for any (TENURE_WEBHOOK_ALLOW_PRIVATE=true).
   * Empty (the default) refuses them all.
   */
  webhookAllowPrivate: string[];
};

/** Reads configuration from the environment once, failing loudly on nonsense values. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    databaseUrl: e.DATABASE_URL,
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.TENURE_DATA_DIR),
    embeddedPgPort: e.TENURE_PG_PORT,
    cookieSecure: e.TENURE_COOKIE_SECURE,
    logLevel: e.TENURE_LOG_LEVEL,
    dbPoolSize: e.TENURE_DB_POOL_SIZE,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.TENURE_MAIL_FROM,
    publicUrl: (
      e.TENURE_PUBLIC_URL ?? `http://${e.HOST === '0.0.0.0' ? 'localhost' : e.HOST}:${e.PORT}`
    ).replace(/\/+$/, ''),
    secret: e.TENURE_SECRET,
    trustProxy: parseTrustProxy(e.TENURE_TRUST_PROXY),
    sessionIdleMs: Math.round(e.TENURE_SESSION_IDLE_HOURS * 3_600_000),
    sessionMaxMs: Math.round(e.TENURE_SESSION_MAX_DAYS * 86_400_000),
    webhookAllowPrivate: parseAllowList(e.TENURE_WEBHOOK_ALLOW_PRIVATE),
  };
}

function parseAllowList(v: string | undefined): string[] {
  if (v === undefined || v.trim() === '' || v.trim() === 'false') return [];
  if (v.trim() === 'true') return ['*'];
  return v
    .split(',')
    .map((x) => x.trim().toLowerCase())
    .filter(Boolean);
}

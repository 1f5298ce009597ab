import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Ctx } from '../../kernel/context.ts';
import { AppError } from '../../kernel/errors.ts';
import { type Access, principalOf } from '../../kernel/http/access.ts';
import { describeMailSettings } from '../../kernel/mail.ts';
import { recordAudit } from '../staff/index.ts';
import { sendTestMail } from './send-test-mail.ts';

const adminOnly: Access = { roles: ['admin'], scopes: ['admin'] };

const mailView = z.object({
  configured: z.boolean().describe('Whether SMTP_URL is set'),
  host: z.string().nullable(),
  port: z.number().int().nullable(),
  secure: z.boolean().describe('TLS from the first byte (smtps://)'),
  startTls: z.boolean().describe('Upgrades to TLS with STARTTLS when the server offers it'),
  user: z.string().nullable(),
  passwordSet: z
    .boolean()
    .describe('Whether SMTP_URL carries a password; the password itself is never shown'),
  from: z.string().describe('The sender address (TENURE_MAIL_FROM)'),
});

/**
 * Read-only views of settings that live in the environment (secrets stay out of the database),
 * and a test send so an admin can check them without waiting for a survey to go out.
 */
export function settingsRoutes(ctx: Ctx): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/settings/mail',
      {
        config: { access: adminOnly },
        schema: {
          tags: ['settings'],
          summary: 'The outgoing mail settings from SMTP_URL and TENURE_MAIL_FROM (never the password)',
          response: { 200: mailView },
        },
      },
      async () => describeMailSettings(ctx.config),
    );

    app.post(
      '/api/v1/settings/mail/test',
      {
        config: { access: adminOnly, rateLimit: { max: 10, timeWindow: '1 minute' } },
        schema: {
          tags: ['settings'],
          summary:
            'Send a test email through the configured SMTP server; 409 when SMTP_URL is unset, 503 with the SMTP error in words when sending fails',
          body: z.object({ to: z.string().trim().email().max(320) }),
          response: { 200: z.object({ sent: z.literal(true), to: z.string(), messageId: z.string() }) },
        },
      },
      async (req) => {
        const p = principalOf(req);
        const requestedBy = p.kind === 'staff' ? `${p.name} <${p.email}>` : 'an API key';
        try {
          const r = await sendTestMail(ctx, { to: req.body.to, requestedBy });
          await recordAudit(ctx.db, req, {
            action: 'settings.mail.test',
            target: req.body.to,
            details: { sent: true, messageId: r.messageId },
          });
          return { sent: true as const, to: r.accepted, messageId: r.messageId };
        } catch (err) {
          if (err instanceof AppError) {
            await recordAudit(ctx.db, req, {
              action: 'settings.mail.test',
              target: req.body.to,
              details: { sent: false, error: err.message },
            });
          }
          throw err;
        }
      },
    );
  };
}

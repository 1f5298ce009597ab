import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Ctx } from '../../kernel/context.ts';
import { AppError } from '../../kernel/errors.ts';
import { type Access, principalOf, roles, scopes, staffIdOf } from '../../kernel/http/access.ts';
import { text } from '../../kernel/validation.ts';
import { SESSION_COOKIE } from './authenticate.ts';
import { changeOwnPassword } from './change-own-password.ts';
import { createApiKey } from './create-api-key.ts';
import { createStaff, MIN_PASSWORD_LENGTH } from './create-staff.ts';
import { deactivateStaff } from './deactivate-staff.ts';
import { listAudit } from './list-audit.ts';
import { listStaff } from './list-staff.ts';
import { logIn, logOut } from './log-in.ts';
import { listApiKeys, revokeApiKey } from './manage-api-keys.ts';
import { reactivateStaff } from './reactivate-staff.ts';
import { flushReadAudits } from './read-audit-buffer.ts';
import { auditByOf, recordAudit } from './record-audit.ts';
import { resetPassword } from './reset-password.ts';
import { updateStaff } from './update-staff.ts';

const adminOnly: Access = { roles: ['admin'], scopes: ['admin'] };

const staffView = z.object({
  id: z.string().uuid(),
  email: z.string(),
  name: z.string(),
  role: z.enum(roles),
  timeZone: z.string(),
  active: z.boolean(),
});
const apiKeyView = z.object({
  id: z.string().uuid(),
  name: z.string(),
  prefix: z.string(),
  scopes: z.array(z.enum(scopes)),
  createdAt: z.date(),
  lastUsedAt: z.date().nullable(),
  revokedAt: z.date().nullable(),
});
const principalView = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('staff'),
    id: z.string(),
    role: z.enum(roles),
    email: z.string(),
    name: z.string(),
  }),
  z.object({ kind: z.literal('api_key'), id: z.string(), scopes: z.array(z.enum(scopes)) }),
]);

const staffIdParams = z.object({ id: z.string().uuid() });
const newPassword = text(1000).min(MIN_PASSWORD_LENGTH);

/** A throttled sign-in says when to come back, in the header clients and proxies understand. */
async function withRetryAfter<T>(reply: FastifyReply, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    const seconds = (err as AppError).details as { retryAfterSeconds?: number } | undefined;
    if (err instanceof AppError && err.code === 'rate_limited' && seconds?.retryAfterSeconds) {
      reply.header('retry-after', String(seconds.retryAfterSeconds));
    }
    throw err;
  }
}

export function staffRoutes(ctx: Ctx): FastifyPluginAsyncZod {
  return async (app) => {
    app.addHook('onClose', () => flushReadAudits(ctx.db));
    app.post(
      '/api/auth/login',
      {
        config: {
          access: { public: 'signing in' },
          // A flood guard per address; failed passwords are throttled per account and address
          // with back-off (throttle-sign-in.ts).
          rateLimit: { max: 60, timeWindow: '1 minute' },
        },
        schema: {
          tags: ['auth'],
          summary: 'Sign in with email and password; sets an HTTP-only session cookie',
          body: z.object({ email: z.string().email().max(320), password: text(1000).min(1) }),
          response: { 200: z.object({ staff: staffView, expiresAt: z.date() }) },
        },
      },
      async (req, reply) => {
        const s = await withRetryAfter(reply, () => logIn(ctx, req.body.email, req.body.password, req.ip));
        reply.setCookie(SESSION_COOKIE, s.token, {
          httpOnly: true,
          secure: ctx.config.cookieSecure,
          sameSite: 'lax',
          path: '/',
          expires: s.expiresAt,
        });
        return { staff: s.staff, expiresAt: s.expiresAt };
      },
    );

    app.post(
      '/api/auth/logout',
      {
        config: { access: { public: 'signing out needs only the cookie it clears' } },
        schema: { tags: ['auth'], summary: 'Sign out', response: { 204: z.null() } },
      },
      async (req, reply) => {
        const token = req.cookies[SESSION_COOKIE];
        if (token) await logOut(ctx, token);
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/api/auth/me',
      {
        config: { access: { roles, scopes } },
        schema: { tags: ['auth'], summary: 'Who is calling', response: { 200: principalView } },
      },
      async (req) => principalOf(req),
    );

    app.post(
      '/api/auth/password',
      {
        config: { access: { roles, scopes: [] } },
        schema: {
          tags: ['auth'],
          summary: 'Change your own password; your other sessions end, this one stays',
          body: z.object({ currentPassword: text(1000).min(1), newPassword }),
          response: { 204: z.null() },
        },
      },
      async (req, reply) => {
        // An admin-scoped API key passes the route's access but has no password of its own.
        const staffId = staffIdOf(req);
        if (!staffId)
          throw new AppError('forbidden', 'Only a signed-in staff member can change their own password');
        await withRetryAfter(reply, () =>
          changeOwnPassword(
            ctx,
            staffId,
            { ...req.body, sessionToken: req.cookies[SESSION_COOKIE] },
            auditByOf(req),
          ),
        );
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/api/v1/staff',
      {
        config: { access: { roles, scopes: ['read'] } },
        schema: {
          tags: ['staff'],
          summary: 'List staff users',
          response: { 200: z.object({ data: z.array(staffView) }) },
        },
      },
      async () => ({ data: await listStaff(ctx) }),
    );

    app.post(
      '/api/v1/staff',
      {
        config: { access: adminOnly },
        schema: {
          tags: ['staff'],
          summary: 'Create a staff user',
          body: z.object({
            email: z.string().email().max(320),
            name: text(200).min(1).optional(),
            password: text(1000).min(MIN_PASSWORD_LENGTH),
            role: z.enum(roles),
            timeZone: text(64).optional(),
          }),
          response: { 201: staffView },
        },
      },
      async (req, reply) => {
        const created = await createStaff(ctx, req.body);
        await recordAudit(ctx.db, req, {
          action: 'staff.create',
          target: created.id,
          details: { email: created.email, role: created.role },
        });
        return reply.status(201).send(created);
      },
    );

    app.patch(
      '/api/v1/staff/:id',
      {
        config: { access: adminOnly },
        schema: {
          tags: ['staff'],
          summary: "Change a staff member's role, name or time zone",
          params: staffIdParams,
          body: z.object({
            role: z.enum(roles).optional(),
            name: z.string().min(1).max(200).optional(),
            timeZone: z.string().max(64).optional(),
          }),
          response: { 200: staffView },
        },
      },
      async (req) => updateStaff(ctx, req.params.id, req.body, auditByOf(req)),
    );

    app.post(
      '/api/v1/staff/:id/deactivate',
      {
        config: { access: adminOnly },
        schema: {
          tags: ['staff'],
          summary:
            'Deactivate a staff member: their sessions end at once, their customers and open cases go to a colleague',
          description:
            'API keys they created keep working unless `revokeApiKeys` is true; the answer lists them for review. ' +
            'Calling it again on someone already deactivated finishes an interrupted hand-over.',
          params: staffIdParams,
          body: z.object({
            handOverTo: z.string().uuid(),
            revokeApiKeys: z.boolean().default(false),
            reason: z.string().max(500).optional(),
          }),
          response: {
            200: z.object({
              staff: staffView,
              handedOver: z.record(z.string(), z.number()),
              apiKeys: z.array(
                z.object({ id: z.string(), name: z.string(), prefix: z.string(), revoked: z.boolean() }),
              ),
            }),
          },
        },
      },
      async (req) => deactivateStaff(ctx, req.params.id, req.body, auditByOf(req)),
    );

    app.post(
      '/api/v1/staff/:id/reactivate',
      {
        config: { access: adminOnly },
        schema: {
          tags: ['staff'],
          summary: 'Let a deactivated staff member sign in again',
          params: staffIdParams,
          response: { 200: staffView },
        },
      },
      async (req) => reactivateStaff(ctx, req.params.id, auditByOf(req)),
    );

    app.post(
      '/api/v1/staff/:id/password',
      {
        config: { access: adminOnly },
        schema: {
          tags: ['staff'],
          summary: "Reset a staff member's password; all their sessions end",
          params: staffIdParams,
          body: z.object({ password: newPassword }),
          response: { 204: z.null() },
        },
      },
      async (req, reply) => {
        await resetPassword(ctx, req.params.id, req.body.password, auditByOf(req));
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/api/v1/api-keys',
      {
        config: { access: adminOnly },
        schema: {
          tags: ['staff'],
          summary: 'List API keys',
          response: { 200: z.object({ data: z.array(apiKeyView) }) },
        },
      },
      async () => ({ data: await listApiKeys(ctx) }),
    );

    app.post(
      '/api/v1/api-keys',
      {
        config: { access: adminOnly },
        schema: {
          tags: ['staff'],
          summary: 'Create an API key; the key is shown only in this response',
          body: z.object({
            name: text(200).min(1),
            scopes: z.array(z.enum(scopes)).min(1).max(scopes.length),
          }),
          response: { 201: z.object({ key: z.string(), apiKey: apiKeyView }) },
        },
      },
      async (req, reply) => {
        const p = principalOf(req);
        const created = await createApiKey(ctx, {
          ...req.body,
          createdBy: p.kind === 'staff' ? p.id : undefined,
        });
        await recordAudit(ctx.db, req, {
          action: 'api-key.create',
          target: created.apiKey.id,
          details: { name: created.apiKey.name, scopes: created.apiKey.scopes },
        });
        return reply.status(201).send(created);
      },
    );

    app.delete(
      '/api/v1/api-keys/:id',
      {
        config: { access: adminOnly },
        schema: {
          tags: ['staff'],
          summary: 'Revoke an API key',
          params: z.object({ id: z.string().uuid() }),
          response: { 200: apiKeyView },
        },
      },
      async (req) => {
        const revoked = await revokeApiKey(ctx, req.params.id);
        await recordAudit(ctx.db, req, {
          action: 'api-key.revoke',
          target: revoked.id,
          details: { name: revoked.name },
        });
        return revoked;
      },
    );

    app.get(
      '/api/v1/audit',
      {
        config: { access: adminOnly },
        schema: {
          tags: ['staff'],
          summary:
            'Audit log, newest first: reads and changes of customer data, and admin actions (staff, API keys, teams)',
          querystring: z.object({
            customerId: z.string().uuid().optional(),
            actorId: z.string().uuid().optional(),
            before: z.coerce.number().int().positive().optional(),
            limit: z.coerce.number().int().min(1).max(500).default(100),
          }),
          response: {
            200: z.object({
              data: z.array(
                z.object({
                  id: z.number(),
                  at: z.date(),
                  actorKind: z.string(),
                  actorId: z.string().nullable(),
                  action: z.string(),
                  customerId: z.string().nullable(),
                  target: z.string().nullable(),
                  details: z.unknown(),
                  ip: z.string().nullable(),
                }),
              ),
            }),
          },
        },
      },
      async (req) => ({ data: await listAudit(ctx, req.query) }),
    );
  };
}

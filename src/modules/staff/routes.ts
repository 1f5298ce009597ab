import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Ctx } from '../../kernel/context.ts';
import { type Access, principalOf, roles, scopes } from '../../kernel/http/access.ts';
import { text } from '../../kernel/validation.ts';
import { SESSION_COOKIE } from './authenticate.ts';
import { createApiKey } from './create-api-key.ts';
import { createStaff, MIN_PASSWORD_LENGTH } from './create-staff.ts';
import { listAudit } from './list-audit.ts';
import { listStaff } from './list-staff.ts';
import { logIn, logOut } from './log-in.ts';
import { listApiKeys, revokeApiKey } from './manage-api-keys.ts';
import { flushReadAudits } from './read-audit-buffer.ts';
import { recordAudit } from './record-audit.ts';

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

export function staffRoutes(ctx: Ctx): FastifyPluginAsyncZod {
  return async (app) => {
    app.addHook('onClose', () => flushReadAudits(ctx.db));
    app.post(
      '/api/auth/login',
      {
        config: {
          access: { public: 'signing in' },
          rateLimit: { max: 10, timeWindow: '1 minute' },
        },
        schema: {
          tags: ['auth'],
          summary: 'Sign in with email and password; sets an HTTP-only session cookie',
          body: z.object({ email: z.string().email().max(320), password: text(1000).min(1) }),
          response: { 200: z.object({ staff: staffView, expiresAt: z.date() }) },
        },
      },
      async (req, reply) => {
        const s = await logIn(ctx, req.body.email, req.body.password);
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
            password: z.string().min(MIN_PASSWORD_LENGTH).max(1000),
            role: z.enum(roles),
            timeZone: text(64).optional(),
          }),
          response: { 201: staffView },
        },
      },
      async (req, reply) => {
        const s = await createStaff(ctx, req.body);
        await recordAudit(ctx.db, req, {
          action: 'staff.create',
          target: s.id,
          details: { email: s.email, role: s.role },
        });
        return reply.status(201).send(s);
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

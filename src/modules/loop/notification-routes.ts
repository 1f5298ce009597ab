import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Ctx } from '../../kernel/context.ts';
import { patchOf, text } from '../../kernel/validation.ts';
import { manageLoop, requireStaff } from './access.ts';
import { webhookEventTypes } from './emit-webhook.ts';
import { listNotifications } from './list-notifications.ts';
import { createWebhook, listDeliveries, listWebhooks, updateWebhook } from './manage-webhooks.ts';
import { markNotificationsRead } from './mark-notifications-read.ts';

const idParams = z.object({ id: z.string().uuid() });
const webhookFields = z.object({
  url: z
    .string()
    .max(2000)
    .url()
    .regex(/^https?:\/\//, 'must be http(s)'),
  description: text(500).default(''),
  format: z
    .enum(['standard', 'slack'])
    .default('standard')
    .describe('"slack": Slack-compatible {text, blocks} body'),
  eventTypes: z
    .array(z.enum(webhookEventTypes))
    .max(webhookEventTypes.length)
    .default([])
    .describe('none = every event'),
  enabled: z.boolean().default(true),
});
const webhookView = webhookFields.extend({
  id: z.string().uuid(),
  createdAt: z.date(),
  eventTypes: z.array(z.string()),
});

/** Outgoing webhooks (endpoints and delivery log) and in-app notifications. */
export function notificationRoutes(ctx: Ctx): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/webhooks',
      {
        config: { access: manageLoop },
        schema: {
          tags: ['loop'],
          summary: 'List webhook endpoints',
          response: { 200: z.object({ data: z.array(webhookView) }) },
        },
      },
      async () => ({
        data: await listWebhooks(ctx),
      }),
    );
    app.post(
      '/api/v1/webhooks',
      {
        config: { access: manageLoop },
        schema: {
          tags: ['loop'],
          summary: 'Register a webhook endpoint; the Standard Webhooks signing secret is shown only here',
          body: webhookFields,
          response: { 201: z.object({ webhook: webhookView, secret: z.string() }) },
        },
      },
      async (req, reply) => reply.status(201).send(await createWebhook(ctx, req.body)),
    );
    app.patch(
      '/api/v1/webhooks/:id',
      {
        config: { access: manageLoop },
        schema: {
          tags: ['loop'],
          summary: 'Change or disable a webhook endpoint',
          params: idParams,
          body: patchOf(webhookFields),
          response: { 200: webhookView },
        },
      },
      async (req) => updateWebhook(ctx, req.params.id, req.body),
    );
    app.get(
      '/api/v1/webhooks/:id/deliveries',
      {
        config: { access: manageLoop },
        schema: {
          tags: ['loop'],
          summary: 'Delivery log of an endpoint, with every attempt',
          params: idParams,
          querystring: z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) }),
          response: {
            200: z.object({
              data: z.array(
                z.object({
                  id: z.string(),
                  eventType: z.string(),
                  status: z.enum(['pending', 'delivered', 'failed']),
                  attempts: z.array(
                    z.object({
                      attempt: z.number(),
                      at: z.date(),
                      statusCode: z.number().nullable(),
                      error: z.string().nullable(),
                      durationMs: z.number(),
                    }),
                  ),
                  createdAt: z.date(),
                  deliveredAt: z.date().nullable(),
                  payload: z.record(z.string(), z.unknown()),
                }),
              ),
            }),
          },
        },
      },
      async (req) => ({ data: await listDeliveries(ctx, req.params.id, req.query.limit) }),
    );

    const notification = z.object({
      id: z.string().uuid(),
      caseId: z.string().uuid().nullable(),
      customerId: z.string().uuid().nullable(),
      kind: z.string(),
      title: z.string(),
      body: z.string(),
      createdAt: z.date(),
      readAt: z.date().nullable(),
    });
    app.get(
      '/api/v1/notifications',
      {
        config: { access: { roles: ['admin', 'manager', 'agent'], scopes: [] } },
        schema: {
          tags: ['loop'],
          summary: 'My in-app notifications, newest first, with the number unread',
          description:
            'Each names its case (`caseId`, open it at /my-work/cases/:caseId in the web UI) or customer; ' +
            'deadlines in titles and bodies are written in the reader’s time zone (their staff profile).',
          querystring: z.object({
            unread: z
              .enum(['true', 'false'])
              .transform((v) => v === 'true')
              .optional(),
            limit: z.coerce.number().int().min(1).max(200).default(50),
          }),
          response: { 200: z.object({ data: z.array(notification), unreadCount: z.number().int() }) },
        },
      },
      async (req) => listNotifications(ctx, requireStaff(req, 'notifications'), req.query),
    );
    app.post(
      '/api/v1/notifications/:id/read',
      {
        config: { access: { roles: ['admin', 'manager', 'agent'], scopes: [] } },
        schema: {
          tags: ['loop'],
          summary: 'Mark a notification read',
          params: idParams,
          response: { 204: z.null() },
        },
      },
      async (req, reply) => {
        await markNotificationsRead(ctx, requireStaff(req, 'notifications'), req.params.id, ctx.clock.now());
        return reply.status(204).send(null);
      },
    );
    app.post(
      '/api/v1/notifications/read-all',
      {
        config: { access: { roles: ['admin', 'manager', 'agent'], scopes: [] } },
        schema: {
          tags: ['loop'],
          summary: 'Mark all my notifications read',
          response: { 200: z.object({ marked: z.number().int() }) },
        },
      },
      async (req) => ({
        marked: await markNotificationsRead(
          ctx,
          requireStaff(req, 'notifications'),
          undefined,
          ctx.clock.now(),
        ),
      }),
    );
  };
}

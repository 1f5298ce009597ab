import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Ctx } from '../../kernel/context.ts';
import { staffIdOf } from '../../kernel/http/access.ts';
import { jsonObject, text, timestamp } from '../../kernel/validation.ts';
import { recordAudit } from '../staff/index.ts';
import { logInteraction } from './log-interaction.ts';
import { writeCustomers } from './routes.ts';
import { interactionView, kind } from './schemas.ts';
import { channels, directions } from './tables.ts';

const body = z.object({
  sourceId: z
    .string()
    .uuid()
    .describe('chosen by the client (a UUID per form): a retried submit is stored only once'),
  channel: z.enum(channels).exclude(['system']),
  kind,
  direction: z.enum(directions).optional(),
  occurredAt: timestamp().optional().describe('when it happened; defaults to now, may not be in the future'),
  subject: text(1000).trim().min(1).optional(),
  body: text(100_000).optional(),
  sentiment: z.number().min(-1).max(1).optional().describe('how it went: -1 badly … 1 well'),
  properties: jsonObject({ maxKey: 100 }).optional(),
});

const answer = z.object({ status: z.enum(['accepted', 'duplicate']), interaction: interactionView });

/**
 * Staff log touchpoints from the web UI (a call, an email, a visit) with their session. The batch
 * ingest route is for integrations and needs the ingest scope; this one needs only `write`, takes
 * one interaction, and records the signed-in staff member as its actor.
 */
export function interactionRoutes(ctx: Ctx): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/api/v1/customers/:id/interactions',
      {
        config: { access: writeCustomers },
        schema: {
          tags: ['customers'],
          summary: "Log a call, email, visit or note on a customer's timeline as the signed-in staff member",
          params: z.object({ id: z.string().uuid() }),
          body,
          response: { 201: answer, 200: answer },
        },
      },
      async (req, reply) => {
        const { occurredAt, ...rest } = req.body;
        const result = await logInteraction(
          ctx,
          req.params.id,
          { ...rest, occurredAt: occurredAt ? new Date(occurredAt) : undefined },
          staffIdOf(req),
        );
        if (result.status === 'accepted') {
          await recordAudit(ctx.db, req, {
            action: 'customer.interaction.log',
            customerId: req.params.id,
            details: { channel: rest.channel, kind: rest.kind, sourceId: rest.sourceId },
          });
        }
        return reply.status(result.status === 'accepted' ? 201 : 200).send(result);
      },
    );
  };
}

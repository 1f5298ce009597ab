import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Ctx } from '../../../kernel/context.ts';
import { ingestRateLimit } from '../../../kernel/http/rate-limits.ts';
import { jsonObject } from '../../../kernel/validation.ts';
import { recordInteractions } from '../record-interactions.ts';
import { ingest } from '../routes.ts';
import { applyAlias } from './apply-alias.ts';
import { applyIdentifies } from './apply-identify.ts';
import { mapSegmentMessage } from './map-message.ts';

const report = z.object({
  success: z.literal(true),
  accepted: z.number(),
  duplicates: z.number(),
  rejected: z.array(z.object({ index: z.number(), messageId: z.string().optional(), reason: z.string() })),
});
type Report = z.infer<typeof report>;

const messageIdOf = (m: unknown) =>
  m && typeof m === 'object' && 'messageId' in m && typeof m.messageId === 'string'
    ? m.messageId.slice(0, 200)
    : undefined;

/** Processes Segment-spec messages: identifies and aliases first, so tracks find their customer. */
export async function ingestSegment(
  ctx: Pick<Ctx, 'db' | 'queue'>,
  messages: unknown[],
  context?: unknown,
): Promise<Report> {
  const r: Report = { success: true, accepted: 0, duplicates: 0, rejected: [] };
  const mapped = messages.map((m) =>
    mapSegmentMessage(context && m && typeof m === 'object' && !('context' in m) ? { ...m, context } : m),
  );
  const tally = (index: number, status: string, reason?: string) => {
    if (status === 'accepted') r.accepted++;
    else if (status === 'duplicate') r.duplicates++;
    else r.rejected.push({ index, messageId: messageIdOf(messages[index]), reason: reason ?? 'rejected' });
  };
  const identifies = mapped.flatMap((m, index) => (m.op === 'identify' ? [{ index, ...m }] : []));
  for (const o of await applyIdentifies(ctx, identifies)) tally(o.index, o.status, o.reason);
  for (const [index, m] of mapped.entries()) {
    if (m.op === 'alias') {
      const o = await applyAlias(ctx, m.userId, m.msg.previousId);
      tally(index, o.status, o.reason);
    }
    if (m.op === 'reject') tally(index, 'rejected', m.reason);
  }
  const tracks = mapped.flatMap((m, index) => (m.op === 'interaction' ? [{ index, item: m.item }] : []));
  const res = await recordInteractions(
    ctx,
    tracks.map((t) => t.item),
  );
  for (const [i, o] of res.outcomes.entries()) {
    tally(tracks[i]?.index ?? -1, o.status, o.status === 'rejected' ? o.reason : undefined);
  }
  r.rejected.sort((a, b) => a.index - b.index);
  return r;
}

/**
 * Segment-spec HTTP tracking API: point any Segment library at Tenure with an API key holding the
 * ingest scope as its write key. `messageId` is the idempotency key, so retries never duplicate.
 */
export function segmentRoutes(ctx: Ctx): FastifyPluginAsyncZod {
  return async (app) => {
    const common = {
      config: { access: ingest, rateLimit: ingestRateLimit },
    };
    // Each message is checked in full by mapSegmentMessage, so a bad one is reported, not a 400.
    const single = z
      .record(z.string().max(200), z.unknown())
      .refine((m) => Object.keys(m).length <= 100, 'at most 100 fields')
      .meta({ maxProperties: 100 });
    for (const type of ['identify', 'track', 'page', 'screen', 'alias'] as const) {
      app.post(
        `/v1/${type}`,
        {
          ...common,
          schema: {
            tags: ['segment'],
            summary: `Segment-spec ${type} call`,
            body: single,
            response: { 200: report },
          },
        },
        async (req) => ingestSegment(ctx, [{ ...req.body, type }]),
      );
    }
    app.post(
      '/v1/batch',
      {
        ...common,
        // Segment's own limit is 500 KB a batch.
        bodyLimit: 1024 * 1024,
        schema: {
          tags: ['segment'],
          summary: 'Segment-spec batch of identify/track/page/screen/alias messages',
          body: z
            .object({ batch: z.array(z.unknown()).min(1).max(2500), context: jsonObject().optional() })
            .passthrough()
            .refine((b) => Object.keys(b).length <= 20, 'at most 20 top-level fields')
            .meta({ maxProperties: 20 }),
          response: { 200: report },
        },
      },
      async (req) => ingestSegment(ctx, req.body.batch, req.body.context),
    );
  };
}

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Ctx } from '../../kernel/context.ts';
import type { Access } from '../../kernel/http/access.ts';
import { staffIdOf } from '../../kernel/http/access.ts';
import { requestSignal } from '../../kernel/http/request-signal.ts';
import { text } from '../../kernel/validation.ts';
import { recordAudit } from '../staff/index.ts';
import { countSegment } from './segments/count-segment.ts';
import { definition, MAX_CONDITIONS, MAX_DEPTH } from './segments/definition.ts';
import { deleteSegment } from './segments/delete-segment.ts';
import { describeFields } from './segments/field-catalogue.ts';
import { getSegment } from './segments/get-segment.ts';
import { listSegments } from './segments/list-segments.ts';
import { previewSegment } from './segments/preview-segment.ts';
import { saveSegment } from './segments/save-segment.ts';
import { segmentMembers } from './segments/segment-members.ts';

const readSegments: Access = { roles: ['admin', 'manager', 'agent'], scopes: ['read'] };
const writeSegments: Access = { roles: ['admin', 'manager'], scopes: ['write'] };

const segmentInput = z.object({
  name: text(120).trim().min(1, 'a segment needs a name'),
  description: text(2000).optional(),
  definition,
});
const segmentView = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  definition,
  createdAt: z.date(),
  createdBy: z.string().nullable(),
  updatedAt: z.date(),
  updatedBy: z.string().nullable(),
});
const member = z.object({
  id: z.string(),
  name: z.string().nullable(),
  email: z.string().nullable(),
  status: z.string(),
  fields: z.record(z.string(), z.unknown()).describe('the value of each field the segment names'),
});
const fieldView = z.object({
  key: z.string(),
  label: z.string(),
  group: z.enum(['profile', 'lifecycle', 'aggregates', 'scores', 'consent']),
  type: z.string(),
  operators: z.array(z.string()),
  values: z.array(z.string()).optional(),
  min: z.number().optional(),
  max: z.number().optional(),
});
const idParams = z.object({ id: z.string().uuid() });
const tag = ['segments'];
const defDoc =
  `Conditions: {field, op, value?, currency?, key?} (GET /api/v1/segments/fields lists fields and operators); ` +
  `groups: {match: "all"|"any", conditions: […]}, at most ${MAX_DEPTH} levels and ${MAX_CONDITIONS} conditions. ` +
  'Money values are in major units of `currency`; "notWithinLastDays" includes customers without the date (never bought).';

export function savedSegmentRoutes(ctx: Ctx): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/segments/fields',
      {
        config: { access: readSegments },
        schema: {
          tags: tag,
          summary: 'The fields a segment can select on, with their operators',
          response: { 200: z.object({ data: z.array(fieldView) }) },
        },
      },
      async () => ({ data: describeFields() }),
    );

    app.get(
      '/api/v1/segments',
      {
        config: { access: readSegments },
        schema: {
          tags: tag,
          summary: 'Saved segments, by name',
          querystring: z.object({ limit: z.coerce.number().int().min(1).max(1000).default(500) }),
          response: { 200: z.object({ data: z.array(segmentView) }) },
        },
      },
      async (req) => ({ data: await listSegments(ctx, req.query.limit) }),
    );

    app.post(
      '/api/v1/segments',
      {
        config: { access: writeSegments },
        schema: {
          tags: tag,
          summary: 'Save a new segment',
          description: defDoc,
          body: segmentInput,
          response: { 201: segmentView },
        },
      },
      async (req, reply) => {
        const saved = await saveSegment(ctx, req.body, staffIdOf(req) ?? null, (db, e) =>
          recordAudit(db, req, e),
        );
        return reply.status(201).send(saved);
      },
    );

    app.post(
      '/api/v1/segments/preview',
      {
        config: { access: readSegments },
        schema: {
          tags: tag,
          summary: 'Count a definition’s customers now and show the first 20, with the fields it names',
          description: defDoc,
          body: z.object({ definition }),
          response: {
            200: z.object({ count: z.number(), sample: z.array(member), fields: z.array(z.string()) }),
          },
        },
      },
      async (req, reply) => {
        const result = await previewSegment(ctx, req.body.definition, { signal: requestSignal(reply) });
        await recordAudit(
          ctx.db,
          req,
          {
            action: 'segment.preview',
            details: { count: result.count, customerIds: result.sample.map((m) => m.id) },
          },
          { isRead: true },
        );
        return result;
      },
    );

    app.get(
      '/api/v1/segments/:id',
      {
        config: { access: readSegments },
        schema: { tags: tag, summary: 'A saved segment', params: idParams, response: { 200: segmentView } },
      },
      async (req) => getSegment(ctx, req.params.id),
    );

    app.put(
      '/api/v1/segments/:id',
      {
        config: { access: writeSegments },
        schema: {
          tags: tag,
          summary: 'Replace a segment’s name, description and definition',
          description: defDoc,
          params: idParams,
          body: segmentInput,
          response: { 200: segmentView },
        },
      },
      async (req) =>
        saveSegment(ctx, { ...req.body, id: req.params.id }, staffIdOf(req) ?? null, (db, e) =>
          recordAudit(db, req, e),
        ),
    );

    app.delete(
      '/api/v1/segments/:id',
      {
        config: { access: writeSegments },
        schema: { tags: tag, summary: 'Delete a segment', params: idParams, response: { 204: z.null() } },
      },
      async (req, reply) => {
        await deleteSegment(ctx, req.params.id, (db, e) => recordAudit(db, req, e));
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/api/v1/segments/:id/count',
      {
        config: { access: readSegments },
        schema: {
          tags: tag,
          summary: 'How many customers are in a segment now (exact)',
          params: idParams,
          response: { 200: z.object({ count: z.number() }) },
        },
      },
      async (req, reply) => ({
        count: await countSegment(ctx, { segmentId: req.params.id }, { signal: requestSignal(reply) }),
      }),
    );

    app.get(
      '/api/v1/segments/:id/customers',
      {
        config: { access: readSegments },
        schema: {
          tags: tag,
          summary: 'A segment’s customers now, page by page in id order',
          description: 'Page with `after` = `nextCursor` of the previous page.',
          params: idParams,
          querystring: z.object({
            after: z.string().uuid().optional().describe('cursor: nextCursor of the previous page'),
            limit: z.coerce.number().int().min(1).max(1000).default(100),
          }),
          response: {
            200: z.object({
              data: z.array(member),
              nextCursor: z.string().nullable(),
              fields: z.array(z.string()),
            }),
          },
        },
      },
      async (req, reply) => {
        const page = await segmentMembers(
          ctx,
          { segmentId: req.params.id },
          { ...req.query, signal: requestSignal(reply) },
        );
        await recordAudit(
          ctx.db,
          req,
          {
            action: 'segment.customers.read',
            target: req.params.id,
            details: { customerIds: page.data.map((m) => m.id) },
          },
          { isRead: true },
        );
        return page;
      },
    );
  };
}

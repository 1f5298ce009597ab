import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Ctx } from '../../kernel/context.ts';
import { type Access, staffIdOf } from '../../kernel/http/access.ts';
import { boundedReport } from '../../kernel/http/bounded-report.ts';
import { text } from '../../kernel/validation.ts';
import { recordAudit } from '../staff/index.ts';
import { programKinds } from './tables.ts';
import { buildUpliftReport } from './uplift/build-uplift-report.ts';
import { listPrograms } from './uplift/list-programs.ts';
import { MAX_HOLDOUT_SHARE } from './uplift/programs.ts';
import { saveProgram } from './uplift/save-program.ts';
import { currencyQuery, programUpliftView, programView } from './uplift/schemas.ts';

const UPLIFT_STATEMENT_TIMEOUT_MS = 120_000;

const readUplift: Access = { roles: ['admin', 'manager'], scopes: ['read'] };
const manageUplift: Access = { roles: ['admin', 'manager'], scopes: ['admin'] };
const share = z
  .number()
  .min(0)
  .max(MAX_HOLDOUT_SHARE)
  .describe('share held out, 0–0.5 (global control: 0–0.1)');

/** Programs and their holdouts, and the uplift report (docs/outreach.md, "Holdouts and uplift"). */
export function upliftRoutes(ctx: Ctx): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/outreach/uplift',
      {
        config: { access: readUplift },
        schema: {
          tags: ['outreach'],
          summary:
            'Uplift per program against its holdout: retention, reactivation and revenue per customer, with 95% intervals, p-values and CUPED',
          querystring: z.object({
            kind: z.enum(programKinds).optional(),
            programId: z.string().uuid().optional(),
            currency: currencyQuery,
          }),
          response: { 200: z.object({ data: z.array(programUpliftView) }) },
        },
      },
      async (req, reply) => ({
        // One statement over every assignment's touchpoints: about 7 s at 100k customers here, so
        // a longer limit than other reports, but still a limit (bench/RESULTS.md, uplift report).
        data: await boundedReport(
          ctx,
          reply,
          (c) =>
            buildUpliftReport(c, {
              kind: req.query.kind,
              programIds: req.query.programId ? [req.query.programId] : undefined,
              currency: req.query.currency,
            }),
          UPLIFT_STATEMENT_TIMEOUT_MS,
        ),
      }),
    );

    app.get(
      '/api/v1/outreach/programs',
      {
        config: { access: readUplift },
        schema: {
          tags: ['outreach'],
          summary: 'Programs that can hold customers out, and the global control group',
          querystring: z.object({ kind: z.enum(programKinds).optional() }),
          response: { 200: z.object({ data: z.array(programView) }) },
        },
      },
      async (req) => ({ data: await listPrograms(ctx, { kind: req.query.kind }) }),
    );

    app.post(
      '/api/v1/outreach/programs',
      {
        config: { access: manageUplift },
        schema: {
          tags: ['outreach'],
          summary: 'Register a program (playbooks register themselves)',
          body: z.object({
            kind: z.enum(programKinds),
            key: z.string().regex(/^[a-z][a-z0-9-]{0,39}$/),
            name: text(200).trim().min(1),
            holdoutShare: share.optional().describe('default 0.1 (playbooks: 0)'),
          }),
          response: { 201: programView },
        },
      },
      async (req, reply) => {
        const saved = await saveProgram(ctx, { ...req.body, by: staffIdOf(req) ?? null });
        await recordAudit(ctx.db, req, {
          action: 'outreach.program.create',
          target: saved.id,
          details: { kind: saved.kind, key: saved.key, holdoutShare: saved.holdoutShare },
        });
        return reply.status(201).send(saved);
      },
    );

    app.patch(
      '/api/v1/outreach/programs/:id',
      {
        config: { access: manageUplift },
        schema: {
          tags: ['outreach'],
          summary: 'Rename a program or change its holdout share (applies to newly eligible customers only)',
          params: z.object({ id: z.string().uuid() }),
          body: z.object({ name: text(200).trim().min(1).optional(), holdoutShare: share.optional() }),
          response: { 200: programView },
        },
      },
      async (req) => {
        const before = (await listPrograms(ctx)).find((p) => p.id === req.params.id);
        const saved = await saveProgram(ctx, { id: req.params.id, ...req.body, by: staffIdOf(req) ?? null });
        await recordAudit(ctx.db, req, {
          action: 'outreach.program.update',
          target: saved.id,
          details: { from: { holdoutShare: before?.holdoutShare, name: before?.name }, ...req.body },
        });
        return saved;
      },
    );
  };
}

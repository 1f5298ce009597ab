import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Ctx } from '../../kernel/context.ts';
import { type Access, staffIdOf } from '../../kernel/http/access.ts';
import { text } from '../../kernel/validation.ts';
import { recordAudit } from '../staff/index.ts';
import { correctThemes } from './correct-themes.ts';
import { feedbackFilter } from './feedback-filter.ts';
import { listThemeLexicon } from './list-theme-lexicon.ts';
import { rankThemes } from './rank-themes.ts';
import { readFeedback } from './routes.ts';
import { saveTheme } from './save-theme.ts';
import { summarizeFeedback } from './summarize-feedback.ts';

const adminOnly: Access = { roles: ['admin'], scopes: ['admin'] };
const correct: Access = { roles: ['admin', 'manager', 'agent'], scopes: ['write'] };
const interval = z.object({ low: z.number(), high: z.number() }).nullable();
const metric = z.object({
  n: z.number(),
  value: z.number().nullable(),
  ci: interval,
  mean: z.number().nullable(),
  smallSample: z.boolean(),
  promoters: z.number().optional(),
  passives: z.number().optional(),
  detractors: z.number().optional(),
});
const keyed = metric.extend({ key: z.string(), label: z.string() });
const typeSummary = z
  .object({
    overall: metric,
    distribution: z.array(z.object({ score: z.number(), count: z.number() })),
    series: z.array(metric.extend({ period: z.string() })),
    bySurvey: z.array(keyed),
    byChannel: z.array(keyed),
    bySegment: z.array(keyed),
    anonymous: metric.extend({
      excluded: z
        .number()
        .describe('anonymous answers left out of the headline (survey setting anonymousInScores)'),
    }),
  })
  .nullable();
const themeDefinition = z.object({
  slug: z.string(),
  label: z.string(),
  patterns: z.array(z.string()),
  active: z.boolean(),
  builtin: z.boolean(),
});
const themeSlug = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,39}$/, 'must be 1-40 lower-case letters, digits or "-"');

/** Results and "why": themes, summary metrics, the lexicon and corrections. */
export function feedbackInsightRoutes(ctx: Ctx): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['feedback'];
    app.get(
      '/api/v1/feedback/themes',
      {
        config: { access: readFeedback },
        schema: {
          tags,
          summary: 'Themes of comments ranked by count and by how strongly they go with low scores',
          description:
            'Low scores: NPS ≤ 6, CSAT ≤ 2, CES ≤ 3. `lowScoreAssociation` is the log odds ratio of a low score with ' +
            'versus without the theme; `sort=low-score` orders by it. `segment` is `lifecycle:<stage>`, `status:<status>` or `anonymous`.',
          querystring: feedbackFilter.extend({ sort: z.enum(['count', 'low-score']).default('count') }),
          response: {
            200: z.object({
              responses: z.number(),
              withThemes: z.number(),
              scored: z.number(),
              lowScores: z.number(),
              data: z.array(
                z.object({
                  theme: z.string(),
                  label: z.string(),
                  count: z.number(),
                  share: z.number(),
                  scored: z.number(),
                  lowScores: z.number(),
                  lowScoreRate: z.number().nullable(),
                  lowScoreRateCi: interval,
                  lift: z.number().nullable(),
                  lowScoreAssociation: z.number(),
                  avgSentiment: z.number().nullable(),
                  countRank: z.number(),
                  lowScoreRank: z.number(),
                }),
              ),
            }),
          },
        },
      },
      async (req) => {
        const { sort, ...filter } = req.query;
        return rankThemes(ctx, filter, sort);
      },
    );

    app.get(
      '/api/v1/feedback/summary',
      {
        config: { access: readFeedback },
        schema: {
          tags,
          summary:
            'NPS, CSAT and CES over time, by survey, channel and segment, with 95% intervals; response rates',
          description:
            'Intervals: NPS adjusted Wald (Sauro & Lewis), CSAT and response rates Wilson, CES Student t. ' +
            '`smallSample` marks n < 30. Periods start on Monday (week) or the 1st (month), UTC.',
          querystring: feedbackFilter.extend({ interval: z.enum(['week', 'month']).default('month') }),
          response: {
            200: z.object({
              interval: z.enum(['week', 'month']),
              nps: typeSummary,
              csat: typeSummary,
              ces: typeSummary,
              responseRates: z.array(
                z.object({
                  channel: z.string(),
                  sent: z.number(),
                  answered: z.number(),
                  rate: z.number().nullable(),
                  ci: interval,
                }),
              ),
            }),
          },
        },
      },
      async (req) => {
        const { interval: iv, ...filter } = req.query;
        return summarizeFeedback(ctx, filter, iv);
      },
    );

    app.get(
      '/api/v1/feedback/lexicon',
      {
        config: { access: readFeedback },
        schema: {
          tags,
          summary: 'The curated theme lexicon',
          response: { 200: z.object({ data: z.array(themeDefinition) }) },
        },
      },
      async () => ({ data: await listThemeLexicon(ctx) }),
    );

    app.put(
      '/api/v1/feedback/lexicon/:slug',
      {
        config: { access: adminOnly },
        schema: {
          tags,
          summary:
            'Add a theme or change its label, phrases and prefixes ("wait*"); tags new answers from now on',
          params: z.object({ slug: themeSlug }),
          body: z.object({
            label: text(100).trim().min(1),
            patterns: z.array(text(100).trim().min(2)).min(1).max(200),
            active: z.boolean().optional(),
          }),
          response: { 200: themeDefinition },
        },
      },
      async (req) => {
        const t = await saveTheme(ctx, { slug: req.params.slug, ...req.body });
        await recordAudit(ctx.db, req, { action: 'feedback.theme.save', target: t.slug, details: req.body });
        return t;
      },
    );

    app.post(
      '/api/v1/feedback/responses/:id/themes',
      {
        config: { access: correct },
        schema: {
          tags,
          summary: "Correct a response's themes; corrections are kept with who made them",
          params: z.object({ id: z.string().uuid() }),
          body: z
            .object({
              add: z.array(themeSlug).max(20).optional(),
              remove: z.array(themeSlug).max(20).optional(),
            })
            .refine(
              (b) => (b.add?.length ?? 0) + (b.remove?.length ?? 0) > 0,
              'add or remove at least one theme',
            ),
          response: { 200: z.object({ themes: z.array(z.string()), autoThemes: z.array(z.string()) }) },
        },
      },
      async (req) => {
        const r = await correctThemes(ctx, req.params.id, req.body, staffIdOf(req));
        await recordAudit(ctx.db, req, {
          action: 'feedback.themes.correct',
          target: req.params.id,
          details: req.body,
        });
        return r;
      },
    );
  };
}

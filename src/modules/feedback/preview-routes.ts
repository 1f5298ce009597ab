import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Ctx } from '../../kernel/context.ts';
import { previewSurvey } from './preview-survey.ts';
import { manageSurveys } from './routes.ts';
import { surveyInput } from './schemas.ts';

const html = z.object({ html: z.string() });

/** The survey builder's live preview: a draft rendered by the real templates, never stored. */
export function previewRoutes(ctx: Ctx): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/api/v1/surveys/preview',
      {
        // Whoever may create surveys may see how a draft would look; nothing is stored or sent.
        config: { access: manageSurveys },
        schema: {
          tags: ['feedback'],
          summary:
            'Render a draft survey as the customer would see it: the public page, the anonymous form and the email',
          description:
            'The body is a survey as for creating one (the name may be left out: customers never see it). ' +
            'The templates are the real ones, addressed to a sample customer, Alex Example; every link ' +
            'carries the token `preview`, which the public pages refuse, so nothing in a preview can answer ' +
            'a survey or unsubscribe anyone. Nothing is stored.',
          body: surveyInput.extend({ name: surveyInput.shape.name.optional() }),
          response: {
            200: z.object({
              page: html,
              form: html.nullable().describe('the anonymous web form, when the draft offers one'),
              email: z.object({ to: z.string(), subject: z.string(), html: z.string(), text: z.string() }),
            }),
          },
        },
      },
      async (req) => previewSurvey(ctx, req.body),
    );
  };
}

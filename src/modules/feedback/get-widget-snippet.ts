import type { Ctx } from '../../kernel/context.ts';
import { getSurvey } from './get-survey.ts';
import { widgetSecret } from './start-widget-session.ts';

/** What an admin pastes into their site to show a survey in the widget. */
export async function getWidgetSnippet(ctx: Pick<Ctx, 'db' | 'config'>, surveyId: string) {
  await getSurvey(ctx, surveyId);
  const base = ctx.config.publicUrl;
  return {
    surveyId,
    secret: await widgetSecret(ctx, surveyId),
    snippet:
      `<script src="${base}/widget.js" data-key="${surveyId}" data-customer="{externalId}" ` +
      `data-id-source="default" data-customer-hash="{hex HMAC-SHA256(secret, 'default:' + externalId)}" async></script>`,
    anonymousSnippet: `<script src="${base}/widget.js" data-key="${surveyId}" data-anonymous async></script>`,
    formUrl: `${base}/f/${surveyId}`,
  };
}

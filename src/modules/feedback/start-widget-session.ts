import { createHmac, timingSafeEqual } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { DAY_MS } from '../../kernel/clock.ts';
import type { Ctx } from '../../kernel/context.ts';
import { AppError } from '../../kernel/errors.ts';
import { getSigningKey } from '../../kernel/signed-token.ts';
import { searchCustomers } from '../customers/index.ts';
import { reserveContact } from '../outreach/index.ts';
import { type LoadedSurvey, loadSurveyVersion } from './load-survey-version.ts';
import { buildSurveyLinks } from './survey-links.ts';

/**
 * The secret a company's server uses to vouch for a visitor to the widget:
 * `hash = hex(HMAC-SHA256(secret, "<idSource>:<externalId>"))`. Derived from the signing key, so
 * there is nothing more to store; one per survey.
 */
export async function widgetSecret(ctx: Pick<Ctx, 'db' | 'config'>, surveyId: string): Promise<string> {
  return createHmac('sha256', await getSigningKey(ctx))
    .update(`widget:${surveyId}`)
    .digest('hex');
}

const WIDGET_LINK_MS = 7 * DAY_MS;

export type WidgetSession = { show: false } | { show: true; token: string; survey: LoadedSurvey };

/**
 * An identified visitor opens a page with the widget. If they may be surveyed now (contact
 * budget, opt-outs) they get a personal, signed send on the web channel; a visitor who reloads
 * the page keeps the open one, so page views never spend the budget twice.
 */
export async function startWidgetSession(
  ctx: Ctx,
  surveyId: string,
  v: { externalId: string; idSource: string; hash: string },
): Promise<WidgetSession> {
  const survey = await loadSurveyVersion(ctx, surveyId).catch(() => undefined);
  if (survey?.survey.status !== 'live') return { show: false };
  const expected = Buffer.from(
    createHmac('sha256', await widgetSecret(ctx, surveyId))
      .update(`${v.idSource}:${v.externalId}`)
      .digest('hex'),
  );
  const given = Buffer.from(v.hash.toLowerCase());
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new AppError(
      'forbidden',
      'The visitor hash does not match: compute it on your server with the widget secret',
    );
  }
  const customer = (await searchCustomers(ctx, { externalId: v.externalId, idSource: v.idSource, limit: 1 }))
    .data[0];
  if (!customer) return { show: false };
  const now = ctx.clock.now();
  const tokenFor = async (sendId: string, expiresAt: Date) =>
    (await buildSurveyLinks(ctx, { customerId: customer.id, sendId, expiresAt }, now)).token;

  const open = await ctx.db
    .selectFrom('survey_send')
    .select(['id', 'expires_at'])
    .where('customer_id', '=', customer.id)
    .where('survey_id', '=', surveyId)
    .where('channel', '=', 'web')
    .where('status', '=', 'sent')
    .where('answered_at', 'is', null)
    .where('expires_at', '>', now)
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  if (open) return { show: true, token: await tokenFor(open.id, open.expires_at), survey };

  const day = now.toISOString().slice(0, 10);
  const created = await ctx.db.transaction().execute(async (trx) => {
    const d = await reserveContact(
      { db: trx, clock: ctx.clock },
      {
        customerId: customer.id,
        purpose: 'survey',
        channel: 'web',
        reference: `survey-widget:${surveyId}:${day}`,
      },
    );
    if (!d.allowed) return undefined;
    const row = { id: uuidv7(), expires_at: new Date(now.getTime() + WIDGET_LINK_MS) };
    const inserted = await trx
      .insertInto('survey_send')
      .values({
        customer_id: customer.id,
        id: row.id,
        survey_id: surveyId,
        survey_version: survey.version,
        channel: 'web',
        dedupe_key: `widget:${surveyId}:${day}`,
        status: 'sent',
        sent_at: now,
        created_at: now,
        expires_at: row.expires_at,
      })
      .onConflict((oc) => oc.columns(['customer_id', 'dedupe_key']).doNothing())
      .returning(['id', 'expires_at'])
      .executeTakeFirst();
    return inserted;
  });
  if (!created) return { show: false };
  return { show: true, token: await tokenFor(created.id, created.expires_at), survey };
}

import type { Ctx } from '../../kernel/context.ts';
import { classifyMailFailure, getMailer } from '../../kernel/mail.ts';
import type { CustomerView } from '../customers/index.ts';
import type { LoadedSurvey } from './load-survey-version.ts';
import { personalizationVars } from './personalize-survey-text.ts';
import { renderSurveyEmail } from './render-survey-email.ts';
import { buildSurveyLinks } from './survey-links.ts';

export type MailOutcome = { ok: true } | { ok: false; permanent: boolean; reason: string };

/**
 * Renders and hands one survey email (or its reminder) to the SMTP server. The Message-ID is
 * derived from the send, so a hand-off retried after a crash carries the same id. Refusals that
 * will not change (no SMTP configured, 5xx) are permanent; the rest are for the job to retry.
 */
export async function mailSurvey(
  ctx: Pick<Ctx, 'db' | 'config' | 'clock'>,
  m: {
    to: string;
    customerId: string;
    /** Read by the caller in its transaction: a second connection here could starve the pool. */
    customer: CustomerView;
    sendId: string;
    expiresAt: Date;
    survey: LoadedSurvey;
    reminder: boolean;
    signingKey: Buffer;
  },
): Promise<MailOutcome> {
  const links = await buildSurveyLinks(
    ctx,
    { customerId: m.customerId, sendId: m.sendId, expiresAt: m.expiresAt },
    ctx.clock.now(),
    m.signingKey,
  );
  const mail = await renderSurveyEmail({
    personal: personalizationVars(m.customer),
    content: m.survey.content,
    links,
    expiresAt: m.expiresAt,
    incentive: m.survey.survey.incentive,
    reminder: m.reminder,
  });
  try {
    await getMailer(ctx.config).send({
      to: m.to,
      ...mail,
      messageId: `<${m.sendId}${m.reminder ? '.reminder' : ''}@tenure.survey>`,
      // One-click unsubscribe from surveys (RFC 8058): mail clients POST to the link, no page needed.
      headers: links.headers,
    });
    return { ok: true };
  } catch (err) {
    const { permanent, reason } = classifyMailFailure(err);
    return { ok: false, permanent, reason };
  }
}

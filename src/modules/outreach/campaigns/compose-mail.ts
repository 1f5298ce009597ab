import type { Ctx } from '../../../kernel/context.ts';
import { type CustomerView, lastPurchaseOf } from '../../customers/index.ts';
import { getStaffMember } from '../../staff/index.ts';
import {
  type CampaignVars,
  campaignVars,
  renderTemplate,
  rewriteLinks,
  templateLinks,
  textToHtml,
} from './template.ts';
import { extraTemplateVariables } from './template-variables.ts';

export type CampaignContent = { subject: string; body: string };
export type ComposedMail = { subject: string; text: string; html: string };

/**
 * One campaign email for one customer: subject and body rendered with the customer's own data,
 * the template's links through `tracked` (when given), and the footer with the preference centre
 * and the one-click unsubscribe every email to a customer carries.
 */
export async function composeCampaignMail(
  ctx: Pick<Ctx, 'db' | 'clock'>,
  campaign: CampaignContent,
  customer: CustomerView,
  footer: { preferencesUrl: string; unsubscribeUrl: string },
  tracked?: (index: number) => string,
  extra: Pick<CampaignVars, 'offer'> = {},
): Promise<ComposedMail> {
  const [last, owner, more] = await Promise.all([
    lastPurchaseOf(ctx, customer.id),
    customer.ownerId ? getStaffMember(ctx, customer.ownerId) : undefined,
    extraTemplateVariables(ctx, customer.id),
  ]);
  const vars = { ...more, ...campaignVars(customer, last, owner), ...extra };
  const subject = (await renderTemplate(campaign.subject, vars)).replace(/\s+/g, ' ').trim();
  let body = await renderTemplate(campaign.body, vars);
  if (tracked) body = rewriteLinks(body, templateLinks(campaign.body), tracked);
  const text =
    `${body.trimEnd()}\n\n--\n` +
    `Manage your email preferences: ${footer.preferencesUrl}\n` +
    `Unsubscribe from these emails: ${footer.unsubscribeUrl}\n`;
  return { subject, text, html: textToHtml(text) };
}

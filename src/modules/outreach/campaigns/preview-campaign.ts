import type { Ctx } from '../../../kernel/context.ts';
import { AppError } from '../../../kernel/errors.ts';
import { getMailer } from '../../../kernel/mail.ts';
import { getCustomer } from '../../customers/index.ts';
import { getStaffMember } from '../../staff/index.ts';
import { type ComposedMail, composeCampaignMail } from './compose-mail.ts';
import type { CampaignView } from './schemas.ts';

// A preview and a test send must not carry a real customer's unsubscribe link: whoever forwards
// the test would hand out the power to unsubscribe that customer.
const SAMPLE_FOOTER = {
  preferencesUrl: '[the customer’s own preference-centre link]',
  unsubscribeUrl: '[the customer’s own one-click unsubscribe link]',
};

/** The campaign rendered for one real customer, exactly as it will read (links untracked). */
export async function previewCampaign(
  ctx: Pick<Ctx, 'db' | 'clock'>,
  campaign: CampaignView,
  customerId: string,
): Promise<ComposedMail> {
  const customer = await getCustomer(ctx, customerId);
  return composeCampaignMail(ctx, campaign, customer, SAMPLE_FOOTER);
}

/** Mails the preview for a customer to the signed-in author's own address, marked as a test. */
export async function testSendCampaign(
  ctx: Pick<Ctx, 'db' | 'config' | 'clock'>,
  campaign: CampaignView,
  customerId: string,
  staffId: string,
): Promise<{ to: string }> {
  const author = await getStaffMember(ctx, staffId);
  if (!author) throw new AppError('forbidden', 'Test sends go to a signed-in staff member’s own address');
  const mail = await previewCampaign(ctx, campaign, customerId);
  await getMailer(ctx.config).send({ to: author.email, ...mail, subject: `[Test] ${mail.subject}` });
  return { to: author.email };
}

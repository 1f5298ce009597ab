import type { Ctx } from '../../../kernel/context.ts';
import { defineJob } from '../../../kernel/context.ts';
import { classifyMailFailure, getMailer, mailJobSettings } from '../../../kernel/mail.ts';
import type { SurveyContent } from '../../feedback/index.ts';
import { getStaffMember } from '../../staff/index.ts';
import { pulsePath } from './pulse-links.ts';

export type PulseDelivery = {
  status: 'pending' | 'sent' | 'failed' | 'answered' | 'missing';
  reason?: string;
};

/**
 * Mails one invitation holding its row lock, with a Message-ID derived from it: a duplicate job
 * waits on the lock and finds it sent; a crash rolls back and the retry carries the same id.
 * Staff are not customers: no consent or contact budget applies, as with any work email.
 */
export async function deliverPulseInvitation(
  ctx: Pick<Ctx, 'db' | 'clock' | 'config'>,
  ref: { invitationId: string },
): Promise<PulseDelivery> {
  return ctx.db.transaction().execute(async (trx): Promise<PulseDelivery> => {
    const inv = await trx
      .selectFrom('people_pulse_invitation as i')
      .innerJoin('people_pulse_round as r', 'r.id', 'i.round_id')
      .select(['i.id', 'i.staff_id', 'i.status', 'r.content', 'r.closes_at', 'r.closed_early_at'])
      .where('i.id', '=', ref.invitationId)
      .forUpdate('i')
      .executeTakeFirst();
    if (!inv) return { status: 'missing' };
    if (inv.status !== 'pending') return { status: inv.status };
    const fail = async (reason: string): Promise<PulseDelivery> => {
      await trx
        .updateTable('people_pulse_invitation')
        .set({ status: 'failed', reason })
        .where('id', '=', inv.id)
        .execute();
      return { status: 'failed', reason };
    };
    if (inv.closed_early_at || inv.closes_at <= ctx.clock.now())
      return fail('the round closed before sending');
    const staff = await getStaffMember({ db: trx }, inv.staff_id);
    if (!staff) return fail('staff member not found');
    const content = inv.content as SurveyContent;
    const url = `${ctx.config.publicUrl}${await pulsePath(ctx, inv.id, inv.closes_at)}`;
    const closes = inv.closes_at.toISOString().slice(0, 10);
    const text = [
      `Hello ${staff.name},`,
      '',
      content.intro ?? 'How is it going? A few questions, a minute of your time.',
      '',
      `Answer here: ${url}`,
      '',
      `Your answers are anonymous: they are stored without your name, and results are only shown for groups of 5 or more. The link works once, until ${closes}.`,
    ].join('\n');
    try {
      await getMailer(ctx.config).send({
        to: staff.email,
        subject: content.title,
        text,
        messageId: `<${inv.id}@tenure.pulse>`,
      });
    } catch (err) {
      const { permanent, reason } = classifyMailFailure(err);
      // Transient: roll back and let the job retry.
      if (!permanent) throw new Error(reason);
      return fail(reason);
    }
    await trx
      .updateTable('people_pulse_invitation')
      .set({ status: 'sent', sent_at: ctx.clock.now(), reason: null })
      .where('id', '=', inv.id)
      .execute();
    return { status: 'sent' };
  });
}

export const deliverPulseInvitationJob = defineJob<{ invitationId: string }>({
  name: 'people.deliver-pulse-invitation',
  retryLimit: 6,
  ...mailJobSettings,
  handle: (ctx, data) => deliverPulseInvitation(ctx, data),
});

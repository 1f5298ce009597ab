import type { Ctx } from '../../kernel/context.ts';
import { recordInteractions } from '../customers/index.ts';
import { setContactPreference } from '../outreach/index.ts';

/**
 * Honours an unsubscribe link at once: the opt-out is stored with the contact budget, so every
 * later send, reminder and trigger of any survey is skipped ("opted out of surveys"). It shows
 * on the timeline, once a day at most however often the link is clicked.
 */
export async function unsubscribeFromSurveys(
  ctx: Pick<Ctx, 'db' | 'queue' | 'clock'>,
  customerId: string,
): Promise<void> {
  const now = ctx.clock.now();
  await setContactPreference(ctx, {
    customerId,
    purpose: 'survey',
    channel: '*',
    allowed: false,
    source: 'unsubscribe link',
  });
  await recordInteractions(ctx, [
    {
      customer: { id: customerId },
      source: 'feedback',
      sourceId: `unsubscribe:${now.toISOString().slice(0, 10)}`,
      channel: 'email',
      kind: 'unsubscribe',
      direction: 'inbound',
      occurredAt: now,
      subject: 'Unsubscribed from surveys',
      properties: { purpose: 'survey', channel: '*' },
    },
  ]);
}

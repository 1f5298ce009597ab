import { sql } from 'kysely';
import type { InteractionListener } from '../../customers/index.ts';
import { firstInteractionAt, getCustomer } from '../../customers/index.ts';
import { campaignOf } from './campaign-of.ts';
import { createSends, type SendRequest } from './create-sends.ts';
import type { Trigger } from './schemas.ts';
import { zoneOr } from './send-window.ts';

const MINUTE_MS = 60_000;

/**
 * Event-triggered campaigns (registered in wiring.ts, real-time only): inside the ingest
 * transaction, each new touchpoint of a campaign's event kind (only the customer's first such,
 * when the trigger says so) creates the customer's send in the campaign's standing run, due
 * `delayMinutes` after the touchpoint happened and then in the customer's local window. The
 * unique (run, customer) key makes it once per customer per trigger, whatever is replayed.
 * Touchpoints that happened before the campaign was launched trigger nothing.
 */
export const campaignTriggerListener: InteractionListener = async (ctx, trx, recorded) => {
  const kinds = [...new Set(recorded.map((r) => r.kind))];
  const rows = await trx
    .selectFrom('campaign as c')
    .innerJoin('outreach_program as p', 'p.id', 'c.program_id')
    .innerJoin('campaign_run as r', (j) =>
      j.onRef('r.campaign_id', '=', 'c.id').on('r.occurrence', '=', 'trigger'),
    )
    .selectAll('c')
    .select(['p.holdout_share', 'r.id as run_id'])
    .where('c.kind', '=', 'triggered')
    .where('c.status', '=', 'active')
    .where(sql<boolean>`c.trigger->>'eventKind' = any(${kinds}::text[])`)
    .execute();
  if (rows.length === 0) return;
  for (const row of rows) {
    const campaign = campaignOf(row, Number(row.holdout_share));
    const trigger = campaign.trigger as Extract<Trigger, { on: 'event' }>;
    const sends: SendRequest[] = [];
    for (const r of recorded) {
      if (r.kind !== trigger.eventKind) continue;
      // History (an import of last year's orders) does not trigger a campaign launched since.
      if (row.launched_at && r.occurredAt.getTime() < row.launched_at.getTime()) continue;
      if (trigger.firstOnly) {
        const first = await firstInteractionAt({ db: trx }, r.customerId, r.kind);
        if (first && first.getTime() < r.occurredAt.getTime()) continue;
      }
      const due = new Date(r.occurredAt.getTime() + trigger.delayMinutes * MINUTE_MS);
      const tz = zoneOr((await getCustomer({ db: trx }, r.customerId)).timeZone);
      sends.push({ customerId: r.customerId, due, tz, eligibleAt: r.occurredAt });
    }
    await createSends(ctx, trx, campaign, row.run_id, sends);
  }
};

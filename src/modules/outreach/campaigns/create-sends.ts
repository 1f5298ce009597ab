import { sql, type Transaction } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { Ctx } from '../../../kernel/context.ts';
import type { Database } from '../../../kernel/db/database.ts';
import type { Arm } from '../tables.ts';
import { assignArms } from '../uplift/assign-arm.ts';
import { deliverCampaignSendJob } from './deliver-campaign-send.ts';
import type { CampaignView } from './schemas.ts';
import { nextInWindow } from './send-window.ts';

/**
 * One member to send to: from when (a trigger's delay, a recurring run's local time), where, and
 * since when they are eligible (the arm's eligibility time: the launch, or the triggering event).
 */
export type SendRequest = { customerId: string; due: Date; tz?: string; eligibleAt: Date };

/**
 * Members' sends in a run, a page at a time: each member's arm of the campaign's program
 * (persistent per customer, so the same customer stays in the same arm across runs), a held-out
 * row or a pending send with its delivery job at the next moment in the customer's window from
 * `due`. Three statements whatever the page's size (arms, sends, jobs), all in the caller's
 * transaction; the unique (run, customer) key skips members who already have a send in the run,
 * and they get no second job. Returns the customers whose send is new.
 */
export async function createSends(
  ctx: Pick<Ctx, 'queue'>,
  trx: Transaction<Database>,
  campaign: Pick<CampaignView, 'id' | 'programId' | 'sendWindow'>,
  runId: string,
  requests: readonly SendRequest[],
): Promise<Set<string>> {
  // A customer twice in one call (two events in one ingest) keeps the first, as one at a time would.
  const members = [...new Map(requests.toReversed().map((r) => [r.customerId, r])).values()].reverse();
  if (members.length === 0) return new Set();
  const arms = await assignArms(
    { db: trx },
    {
      programKind: 'campaign',
      programId: campaign.programId,
      customerIds: members.map((m) => m.customerId),
      at: members[0]?.eligibleAt as Date,
      eligibleAt: new Map(members.map((m) => [m.customerId, m.eligibleAt])),
    },
  );
  const rows = members.map((m) => {
    const arm = arms.get(m.customerId) as Arm;
    const treated = arm === 'treated';
    const plannedFor = treated
      ? nextInWindow(m.due, m.tz ?? 'UTC', campaign.sendWindow.start, campaign.sendWindow.end)
      : null;
    return {
      id: uuidv7(),
      customerId: m.customerId,
      arm,
      status: treated ? 'pending' : 'held-out',
      plannedFor: plannedFor?.toISOString() ?? null,
      reason: treated ? null : `${arm}: recorded as would have been contacted`,
      code: treated ? null : arm,
    };
  });
  const col = <K extends keyof (typeof rows)[number]>(k: K) => rows.map((r) => r[k]);
  const inserted = await sql<{ id: string; customer_id: string; planned_for: Date | null }>`
    insert into campaign_send
      (id, campaign_id, run_id, customer_id, arm, status, planned_for, sent_at, reason, reason_code)
    select s.id, ${campaign.id}::uuid, ${runId}::uuid, s.customer_id, s.arm, s.status, s.planned_for, null,
      s.reason, s.reason_code
    from unnest(${col('id')}::uuid[], ${col('customerId')}::uuid[], ${col('arm')}::text[],
      ${col('status')}::text[], ${col('plannedFor')}::timestamptz[], ${col('reason')}::text[],
      ${col('code')}::text[]) as s(id, customer_id, arm, status, planned_for, reason, reason_code)
    on conflict (run_id, customer_id) do nothing
    returning id, customer_id, planned_for
  `.execute(trx);
  await ctx.queue.sendMany(
    deliverCampaignSendJob,
    inserted.rows.flatMap((r) =>
      r.planned_for ? [{ data: { sendId: r.id }, startAfter: r.planned_for }] : [],
    ),
    { trx },
  );
  return new Set(inserted.rows.map((r) => r.customer_id));
}

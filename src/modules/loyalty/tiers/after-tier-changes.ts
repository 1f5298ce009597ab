import { sql, type Transaction } from 'kysely';
import type { Ctx } from '../../../kernel/context.ts';
import type { Database } from '../../../kernel/db/database.ts';
import { assignOwner, recordInteractions } from '../../customers/index.ts';
import { notifyStaff } from '../../loop/index.ts';
import { mailTierChangesJob } from './mail-tier-change.ts';
import type { TierView } from './schemas.ts';

export type TierChange = {
  id: number;
  customerId: string;
  fromTierId: string | null;
  toTierId: string | null;
  cause: 'upgrade' | 'downgrade' | 'override' | 'override-expired';
  ownerId: string | null;
};

const nameOf = (tiers: TierView[], id: string | null) =>
  id ? (tiers.find((t) => t.id === id)?.name ?? 'a removed tier') : 'no tier';

/**
 * What follows a tier change. Inside the evaluation's transaction: the owner's notice (it commits
 * with the change, and its dedupe key makes a retry silent). After the commit: the timeline entry
 * (its source id is the change's id, so a rerun writes nothing twice) and, for a tier with a
 * dedicated rep, an owner from the tier's reps, the least loaded first.
 */
export async function afterTierChanges(
  ctx: Ctx,
  trx: Transaction<Database> | null,
  changes: TierChange[],
  tiers: TierView[],
  phase: 'in-transaction' | 'after-commit',
): Promise<void> {
  if (changes.length === 0) return;
  const words = (c: TierChange) =>
    `Tier ${c.cause}: ${nameOf(tiers, c.fromTierId)} → ${nameOf(tiers, c.toTierId)}`;
  if (phase === 'in-transaction' && trx) {
    for (const c of changes) {
      if (!c.ownerId) continue;
      await notifyStaff(ctx, trx, {
        recipientId: c.ownerId,
        customerId: c.customerId,
        caseId: null,
        kind: 'tier-change',
        title: words(c),
        body: `A customer you own moved: ${words(c)}.`,
        channels: ['in-app'],
        dedupeKey: `tier-change:${c.customerId}:${c.id}`,
      });
    }
    await queueTierEmails(ctx, trx, changes, tiers);
    return;
  }
  for (let i = 0; i < changes.length; i += 5_000) {
    await recordInteractions(
      ctx,
      changes.slice(i, i + 5_000).map((c) => ({
        customer: { id: c.customerId },
        source: 'loyalty-tier',
        sourceId: `tier-change:${c.id}`,
        channel: 'system' as const,
        kind: 'tier-change',
        direction: null,
        occurredAt: ctx.clock.now(),
        subject: words(c),
        properties: { from: c.fromTierId, to: c.toTierId, cause: c.cause },
      })),
    );
  }
  await assignDedicatedReps(ctx, changes, tiers);
}

/**
 * Changes into a tier with an email template: a mail row per change and the jobs that send them,
 * committed with the changes (durable: a crash after the commit still mails, once).
 */
async function queueTierEmails(
  ctx: Ctx,
  trx: Transaction<Database>,
  changes: TierChange[],
  tiers: TierView[],
) {
  const mailing = new Set(tiers.filter((t) => t.emailBody !== null).map((t) => t.id));
  const refs = changes
    .filter((c) => c.toTierId && mailing.has(c.toTierId))
    .map((c) => ({ customerId: c.customerId, changeId: c.id, tierId: c.toTierId as string }));
  for (let i = 0; i < refs.length; i += 100) {
    const page = refs.slice(i, i + 100);
    await trx
      .insertInto('loyalty_tier_email')
      .values(
        page.map((r) => ({
          customer_id: r.customerId,
          change_id: r.changeId,
          tier_id: r.tierId,
          created_at: ctx.clock.now(),
        })),
      )
      .onConflict((oc) => oc.doNothing())
      .execute();
    await ctx.queue.send(
      mailTierChangesJob,
      { refs: page.map((r) => ({ customerId: r.customerId, changeId: r.changeId })) },
      { trx },
    );
  }
}

/** Balances a dedicated-rep tier's new members across its reps, by members each already has. */
async function assignDedicatedReps(ctx: Ctx, changes: TierChange[], tiers: TierView[]) {
  for (const tier of tiers.filter((t) => t.dedicatedRep && t.repStaffIds.length)) {
    const joined = changes.filter(
      (c) => c.toTierId === tier.id && !tier.repStaffIds.includes(c.ownerId ?? ''),
    );
    if (joined.length === 0) continue;
    const load = await sql<{ rep_id: string; n: number }>`
      select rep_id, count(*)::int as n from loyalty_tier_member
      where tier_id = ${tier.id} and rep_id = any(${tier.repStaffIds}::uuid[]) group by rep_id`.execute(
      ctx.db,
    );
    const count = new Map(tier.repStaffIds.map((r) => [r, 0]));
    for (const l of load.rows) count.set(l.rep_id, l.n);
    const byRep = new Map<string, string[]>();
    for (const c of joined) {
      const rep = [...count.entries()].sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]))[0]?.[0];
      if (!rep) break;
      count.set(rep, (count.get(rep) ?? 0) + 1);
      byRep.set(rep, [...(byRep.get(rep) ?? []), c.customerId]);
    }
    for (const [rep, ids] of byRep) {
      await assignOwner(ctx, { customerIds: ids, ownerId: rep }, {}, async (trx) => {
        await trx
          .updateTable('loyalty_tier_member')
          .set({ rep_id: rep })
          .where('customer_id', 'in', ids)
          .execute();
      });
    }
  }
}

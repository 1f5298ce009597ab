import { sql } from 'kysely';
import type { Ctx } from '../../../kernel/context.ts';
import type { WinbackResults } from './schemas.ts';

/**
 * What one run did and what came of it: contacted, held out, refused; reactivated customers and
 * their revenue in each arm (a purchase within the run's N days, counted once per customer).
 */
export async function getWinbackResults(ctx: Pick<Ctx, 'db'>, runId: string): Promise<WinbackResults> {
  const r = (
    await sql<Record<string, string>>`
      select count(*) as eligible,
        count(*) filter (where status in ('sent', 'task', 'done')) as contacted,
        count(*) filter (where status = 'pending') as pending,
        count(*) filter (where arm <> 'treated') as held_out,
        count(*) filter (where status = 'no-channel') as no_channel,
        count(*) filter (where status in ('skipped', 'failed')) as skipped,
        count(*) filter (where arm = 'treated') as treated,
        count(*) filter (where arm = 'held-out') as held_out_arm,
        count(reactivated_at) filter (where arm = 'treated') as re_t,
        count(reactivated_at) filter (where arm = 'held-out') as re_h,
        coalesce(sum(revenue_minor) filter (where arm = 'treated'), 0) as rev_t,
        coalesce(sum(revenue_minor) filter (where arm = 'held-out'), 0) as rev_h
      from winback_contact where run_id = ${runId}`.execute(ctx.db)
  ).rows[0] as Record<string, string>;
  const n = (k: string) => Number(r[k] ?? 0);
  const rate = (a: string, b: string) => (n(b) > 0 ? n(a) / n(b) : null);
  return {
    eligible: n('eligible'),
    contacted: n('contacted'),
    pending: n('pending'),
    heldOut: n('held_out'),
    noChannel: n('no_channel'),
    skipped: n('skipped'),
    reactivated: { treated: n('re_t'), heldOut: n('re_h') },
    revenueMinor: { treated: n('rev_t'), heldOut: n('rev_h') },
    reactivationRate: { treated: rate('re_t', 'treated'), heldOut: rate('re_h', 'held_out_arm') },
  };
}

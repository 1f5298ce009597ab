import { sql } from 'kysely';
import type { Ctx } from '../../../kernel/context.ts';
import { notFound } from '../../../kernel/errors.ts';
import { consentPurposeOf } from '../consent-model.ts';
import { campaignOf } from './campaign-of.ts';
import type { CampaignResults, CampaignView } from './schemas.ts';

export async function getCampaign(ctx: Pick<Ctx, 'db'>, id: string): Promise<CampaignView> {
  const row = await ctx.db
    .selectFrom('campaign')
    .innerJoin('outreach_program as p', 'p.id', 'campaign.program_id')
    .selectAll('campaign')
    .select('p.holdout_share')
    .where('campaign.id', '=', id)
    .executeTakeFirst();
  if (!row) throw notFound('Campaign', id);
  return campaignOf(row, Number(row.holdout_share));
}

/**
 * The campaign's counts, straight from its send, click and consent rows. Unsubscribes are
 * recipients whose email consent for the campaign's purpose is refused by the customer (the
 * unsubscribe link or the preference centre) after the email went out.
 */
export async function campaignResults(
  ctx: Pick<Ctx, 'db'>,
  c: Pick<CampaignView, 'id' | 'purpose'>,
  runId?: string,
): Promise<CampaignResults> {
  const rows = await ctx.db
    .selectFrom('campaign_send')
    .select(['status', 'reason_code', (eb) => eb.fn.countAll<string>().as('n')])
    .where('campaign_id', '=', c.id)
    .$if(runId !== undefined, (q) => q.where('run_id', '=', runId as string))
    .groupBy(['status', 'reason_code'])
    .execute();
  const count = (s: string) => rows.filter((r) => r.status === s).reduce((a, r) => a + Number(r.n), 0);
  const skipped: Record<string, number> = {};
  for (const r of rows.filter((x) => x.status === 'skipped'))
    skipped[r.reason_code ?? 'other'] = (skipped[r.reason_code ?? 'other'] ?? 0) + Number(r.n);
  const clicks = await ctx.db
    .selectFrom('campaign_click as k')
    .innerJoin('campaign_send as s', 's.id', 'k.send_id')
    .select([
      (eb) => eb.fn.countAll<string>().as('n'),
      sql<string>`count(distinct s.customer_id)`.as('people'),
    ])
    .where('s.campaign_id', '=', c.id)
    .$if(runId !== undefined, (q) => q.where('s.run_id', '=', runId as string))
    .executeTakeFirstOrThrow();
  const unsubscribes = await ctx.db
    .selectFrom('campaign_send as s')
    .innerJoin('contact_preference as p', 'p.customer_id', 's.customer_id')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('s.campaign_id', '=', c.id)
    .where('s.status', '=', 'sent')
    .$if(runId !== undefined, (q) => q.where('s.run_id', '=', runId as string))
    .where('p.channel', '=', 'email')
    .where('p.purpose', '=', consentPurposeOf(c.purpose))
    .where('p.state', '=', 'refused')
    .where('p.recorded_by', '=', 'customer')
    .where((eb) => eb('p.updated_at', '>=', eb.ref('s.sent_at')))
    .executeTakeFirstOrThrow();
  const heldOut = count('held-out');
  return {
    eligible: rows.reduce((a, r) => a + Number(r.n), 0),
    heldOut,
    pending: count('pending'),
    sent: count('sent'),
    skipped,
    failed: count('failed'),
    clicks: Number(clicks.n),
    clickers: Number(clicks.people),
    unsubscribes: Number(unsubscribes.n),
  };
}

export async function listCampaigns(ctx: Pick<Ctx, 'db'>): Promise<CampaignView[]> {
  const rows = await ctx.db
    .selectFrom('campaign')
    .innerJoin('outreach_program as p', 'p.id', 'campaign.program_id')
    .selectAll('campaign')
    .select('p.holdout_share')
    .orderBy('campaign.created_at', 'desc')
    .limit(500)
    .execute();
  return rows.map((r) => campaignOf(r, Number(r.holdout_share)));
}

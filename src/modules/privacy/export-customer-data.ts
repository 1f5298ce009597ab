import type { Ctx } from '../../kernel/context.ts';
import { exportCustomerProfile } from '../customers/index.ts';
import { exportCustomerFeedback } from '../feedback/index.ts';
import { exportCustomerInsight } from '../insight/index.ts';
import { exportCustomerLoop } from '../loop/index.ts';
import { exportCustomerLoyalty } from '../loyalty/index.ts';
import { exportCustomerOutreach } from '../outreach/index.ts';
import {
  exportCustomerIntroEmails,
  exportCustomerKudos,
  exportCustomerOpportunities,
  exportCustomerRewardPreference,
} from '../people/index.ts';
import { exportCustomerAudit } from '../staff/index.ts';

/** The version of the export's shape, for whoever reads it back. */
export const EXPORT_FORMAT = 1;

/**
 * Everything Tenure holds about one customer, module by module, as the rows are stored (every
 * column, so nothing is left out by a view): profile, identities and timeline; survey sends and
 * answers (and anonymous answers left under their email); cases, history, alerts, tasks,
 * promises, notices and webhook payloads; scores; the points ledger; contact preferences and
 * log; and the audit trail of who read or changed the record.
 */
export async function exportCustomerData(ctx: Pick<Ctx, 'db' | 'clock'>, customerId: string) {
  const profile = await exportCustomerProfile(ctx.db, customerId);
  return {
    format: EXPORT_FORMAT,
    exportedAt: ctx.clock.now(),
    customerId,
    customers: profile,
    feedback: await exportCustomerFeedback(ctx.db, customerId, profile.customer.emails),
    loop: await exportCustomerLoop(ctx.db, customerId),
    insight: await exportCustomerInsight(ctx.db, customerId),
    loyalty: await exportCustomerLoyalty(ctx.db, customerId),
    outreach: await exportCustomerOutreach(ctx.db, customerId),
    staff: await exportCustomerAudit(ctx.db, customerId),
    opportunities: await exportCustomerOpportunities(ctx.db, customerId),
    kudos: await exportCustomerKudos(ctx.db, customerId),
    rewardPreference: await exportCustomerRewardPreference(ctx.db, customerId),
    introEmails: await exportCustomerIntroEmails(ctx.db, customerId),
  };
}

import { sql } from 'kysely';
import type { Ctx } from '../../kernel/context.ts';
import { AppError, notFound } from '../../kernel/errors.ts';
import { scrubJobs } from '../../kernel/jobs/scrub-jobs.ts';
import { scrubText, usableTerms } from '../../kernel/redact.ts';
import { eraseCustomerProfile, personalTermsOf } from '../customers/index.ts';
import { eraseCustomerFeedback } from '../feedback/index.ts';
import { eraseCustomerLoop } from '../loop/index.ts';
import { eraseCustomerLoyalty } from '../loyalty/index.ts';
import { eraseCustomerOutreach } from '../outreach/index.ts';
import {
  eraseCustomerIntroEmails,
  eraseCustomerKudos,
  eraseCustomerOpportunities,
  eraseCustomerRewardPreference,
} from '../people/index.ts';
import { appendAudit, eraseCustomerAudit } from '../staff/index.ts';

export type Eraser = { kind: 'staff' | 'api_key' | 'system'; id: string | null; ip?: string | null };

/**
 * Removes or irreversibly redacts every piece of personal data about a customer in every module,
 * in one transaction: all of it or none. The customer's row and the counts, amounts, scores and
 * dates attached to it stay (reports stay true), anonymous under a random id.
 *
 * This is the only caller of the timeline's sanctioned bypass: it sets `tenure.erasing_customer`
 * for this transaction only (set_config(…, true)), so the append-only trigger lets it blank that
 * one customer's touchpoints and nothing else; the erasure is recorded in the audit log, in the
 * same transaction, with the reason (any name or email in it scrubbed) and counts, none of the data.
 */
export async function eraseCustomer(
  ctx: Pick<Ctx, 'db' | 'clock'>,
  customerId: string,
  o: { reason: string; by: Eraser },
) {
  const reason = o.reason.trim();
  if (!reason) throw new AppError('validation_failed', 'Say why the customer is erased', { field: 'reason' });
  return ctx.db.transaction().execute(async (trx) => {
    const locked = await trx
      .selectFrom('customer')
      .select(['id', 'emails', 'erased_at'])
      .where('id', '=', customerId)
      .forUpdate()
      .executeTakeFirst();
    if (!locked) throw notFound('Customer', customerId);
    const emails = locked.emails;
    const terms = usableTerms(await personalTermsOf(trx, customerId));
    const at = ctx.clock.now();
    await sql`select set_config('tenure.erasing_customer', ${customerId}, true)`.execute(trx);
    const profile = await eraseCustomerProfile(trx, customerId, at);
    const feedback = await eraseCustomerFeedback(trx, customerId, emails, terms);
    const loop = await eraseCustomerLoop(trx, customerId, terms);
    const loyalty = await eraseCustomerLoyalty(trx, customerId);
    const outreach = await eraseCustomerOutreach(trx, customerId);
    const audit = await eraseCustomerAudit(trx, customerId, terms);
    const kudos = await eraseCustomerKudos(trx, customerId, terms);
    const rewardPreference = await eraseCustomerRewardPreference(trx, customerId);
    const introEmails = await eraseCustomerIntroEmails(trx, customerId);
    const jobs = await scrubJobs(trx, customerId, terms);
    await sql`select set_config('tenure.erasing_customer', '', true)`.execute(trx);
    const counts = {
      ...profile,
      ...feedback,
      ...loop,
      ...loyalty,
      ...outreach,
      ...audit,
      jobs,
      ...kudos,
      ...rewardPreference,
      ...introEmails,
    };
    Object.assign(counts, await eraseCustomerOpportunities(trx, customerId));
    await appendAudit(trx, {
      actor: { kind: o.by.kind, id: o.by.id },
      action: 'customer.erase',
      customerId,
      details: { reason: scrubText(reason, terms), counts, again: locked.erased_at !== null },
      ip: o.by.ip,
    });
    return { customerId, erasedAt: at, counts };
  });
}

import {
  handOverCustomers,
  onInteractionsRecorded,
  onOwnerChanged,
  registerOpenItemsSql,
  registerSavedSegmentFilter,
} from './modules/customers/index.ts';
import {
  feedbackChurnReasonSource,
  feedbackHealthComponent,
  surveyTriggerListener,
} from './modules/feedback/index.ts';
import {
  registerChurnReasonSource,
  registerHealthComponent,
  registerInsightInCustomer360,
  registerInsightInCustomerList,
} from './modules/insight/index.ts';
import {
  caseChurnReasonSource,
  caseHealthComponent,
  loopListener,
  OPEN_LOOP_ITEMS_SQL,
  reassignOpenCases,
  registerServiceLevel,
} from './modules/loop/index.ts';
import {
  earnOnPurchases,
  lookupTiers,
  loyaltyTemplateVariables,
  markRewardCodesUsed,
  referralListener,
  setTierLookup,
  tierCallListBoost,
  tierPurchaseListener,
  tierServiceLevel,
} from './modules/loyalty/index.ts';
import {
  campaignTriggerListener,
  completeCallItems,
  countWinbackReactivation,
  redeemOfferCodes,
  registerCallListBoost,
  registerTemplateVariables,
  savedSegmentFilter,
} from './modules/outreach/index.ts';
import { convertOnPurchase, recordOwnership } from './modules/people/index.ts';
import type { HandOverStep } from './modules/staff/index.ts';
import { registerHandOver } from './modules/staff/index.ts';

// A deactivated staff member's customers and open cases go to the colleague the admin chose.
const handOverCustomersStep: HandOverStep = async (ctx, h) => ({
  customers: await handOverCustomers(ctx, h.fromId, h.toId, h.actor),
});
const handOverCasesStep: HandOverStep = (ctx, h) =>
  reassignOpenCases(ctx, h.fromId, h.toId, { reason: h.reason, actorId: h.actor.staffId ?? null });

/**
 * Plugs the modules into each other. Nothing is wired by importing a module: each entry point
 * says what it wants. Read-side providers (scores in the 360 and the list, health components,
 * churn-reason sources, open-item counters) are always safe. Real-time listeners (red-flag rule
 * evaluation and survey triggers queued inside the ingest transaction) are for a running
 * server; bulk loads from the CLI leave them off so history does not fire today's rules.
 * Registrations are idempotent, so calling this twice is harmless.
 */
export function wireModules(opts: { realTime: boolean }): void {
  // The customer 360 shows insight's scores (P(alive), CLV, churn, health) once a run has scored them.
  registerInsightInCustomer360();
  // The customer list filters by health and P(alive) bands and sorts by scores through insight's relation.
  registerInsightInCustomerList();
  // The customer list narrows to a saved segment (outreach owns segments; customers cannot import it).
  registerSavedSegmentFilter(savedSegmentFilter);
  // Health components and "why customers leave" sources owned by feedback (survey answers and
  // their themes) and loop (open cases and SLA breaches, root causes of churned cases).
  registerHealthComponent(feedbackHealthComponent);
  registerHealthComponent(caseHealthComponent);
  registerChurnReasonSource(feedbackChurnReasonSource);
  registerChurnReasonSource(caseChurnReasonSource);
  registerOpenItemsSql(OPEN_LOOP_ITEMS_SQL);
  registerHandOver(handOverCustomersStep);
  registerHandOver(handOverCasesStep);
  // Every owner change (any path) extends people's ownership history, in the same transaction:
  // scorecards credit results to the owner at the time. Bookkeeping, so always on.
  onOwnerChanged(recordOwnership);
  // A purchase carrying an offer's code redeems it, in the ingest transaction. Bookkeeping, not
  // real-time work: `tenure import` of past purchases redeems too.
  onInteractionsRecorded(redeemOfferCodes);
  // A purchase within N days of a win-back run reactivates the customer in it, once, in the
  // ingest transaction; bookkeeping like redemption, so imported purchases count too.
  onInteractionsRecorded(countWinbackReactivation);
  // Purchases earn points by the earn rules, and refunds cancel pending ones, in the ingest
  // transaction: bookkeeping, so `tenure import` of past purchases earns too, exactly once.
  onInteractionsRecorded(earnOnPurchases);
  // Loyalty tiers: earn rules read tiers through tiersOf(); a tier sets case priority and SLA
  // targets when the loop opens a case, and puts its members first on call lists.
  setTierLookup(lookupTiers);
  registerServiceLevel(tierServiceLevel);
  registerCallListBoost(tierCallListBoost);
  // Campaign and win-back emails can say how many points the customer has, and their tier.
  registerTemplateVariables(loyaltyTemplateVariables);
  // Referral codes carried by events record referrals, and a referred customer's first purchase
  // claims the credit (queued with the ingest transaction): bookkeeping, so imports count too.
  onInteractionsRecorded(referralListener);
  // A purchase converts a matching opportunity a rep flagged (once, credited to the rep and the
  // contact), in the ingest transaction: bookkeeping, so imported purchases convert too.
  onInteractionsRecorded(convertOnPurchase);
  // A purchase carrying a reward's code marks the redemption used, as offer codes: bookkeeping.
  onInteractionsRecorded(markRewardCodesUsed);
  if (opts.realTime) {
    // A purchase or refund re-evaluates its customer's tier (upgrade at once), queued in the
    // ingest transaction (loyalty/tiers/tier-jobs.ts).
    onInteractionsRecorded(tierPurchaseListener);
    // Survey triggers fire from inside the ingest transaction (see feedback/trigger-listener.ts).
    onInteractionsRecorded(surveyTriggerListener);
    // Red-flag rules see every new touchpoint through the ingest transaction (see loop/interaction-listener.ts).
    onInteractionsRecorded(loopListener);
    // A logged outbound call (or email) ticks off the customer's open check-in, in the ingest
    // transaction (outreach/call-lists/complete-on-contact.ts). Real-time work: imports of past
    // calls do not complete today's items.
    onInteractionsRecorded(completeCallItems);
    // Event-triggered campaigns ("30 days after the first purchase") queue their send in the
    // ingest transaction (outreach/campaigns/trigger-listener.ts); imports of history trigger nothing.
    onInteractionsRecorded(campaignTriggerListener);
  }
}

import type { Selectable } from 'kysely';
import type { PeopleTables } from '../tables.ts';

type Row = Selectable<PeopleTables['people_opportunity']> & { customer_name?: string | null };

const DAY_MS = 86_400_000;

/** The API's view of a stored opportunity. */
export function opportunityOf(r: Row) {
  return {
    id: r.id,
    customerId: r.customer_id,
    customerName: r.customer_name ?? null,
    interactionId: r.interaction_id,
    caseId: r.case_id,
    repId: r.rep_id,
    interest: r.interest,
    product: r.product,
    category: r.category,
    valueMinor: r.value_minor,
    currency: r.currency,
    windowDays: r.window_days,
    stage: r.stage,
    flaggedAt: r.flagged_at,
    stageAt: r.stage_at,
    windowEndsAt: new Date(r.flagged_at.getTime() + r.window_days * DAY_MS),
    won:
      r.won_interaction_id !== null && r.won_at && r.won_amount_minor !== null && r.won_currency
        ? {
            interactionId: r.won_interaction_id,
            at: r.won_at,
            amountMinor: r.won_amount_minor,
            currency: r.won_currency,
          }
        : null,
  };
}

export type Opportunity = ReturnType<typeof opportunityOf>;

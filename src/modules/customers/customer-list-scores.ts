import type { Expression } from 'kysely';
import type { Db } from '../../kernel/db/pool.ts';

/** The score columns the customer list filters, sorts and shows: one row per scored customer. */
export type ListScoreColumns = {
  customer_id: string;
  /** 0–100. */
  health: number | null;
  /** 0–1. */
  p_alive: number | null;
  clv_minor: number | null;
  currency: string;
  churn_probability: number | null;
};

/**
 * The insight module registers the relation its latest scores live in, so the customer list can
 * filter by health and P(alive) bands and sort by scores without the customers module reading
 * insight's tables. The relation must be a plain projection of one table keyed by customer_id
 * (the planner then flattens it into the list query) with B-tree indexes on (health, customer_id),
 * (p_alive, customer_id) and (clv_minor, customer_id): sorting by a score walks that index.
 */
export type CustomerListScoresProvider = (db: Db) => Expression<ListScoreColumns>;

let provider: CustomerListScoresProvider | undefined;

export function registerCustomerListScores(p: CustomerListScoresProvider): void {
  provider = p;
}

/** The registered relation, or undefined when no module provides scores (every customer is unscored). */
export function listScoresRelation(db: Db): Expression<ListScoreColumns> | undefined {
  return provider?.(db);
}

/**
 * Health bands of the list filter. Health is insight's 0–100 blend of recency, frequency,
 * P(alive), churn risk, spend trend, sentiment, feedback and open cases: under 40 needs a rep
 * now, 40–69 is worth watching, 70 and up is healthy.
 */
export const healthBands = {
  'at-risk': { min: 0, below: 40 },
  watch: { min: 40, below: 70 },
  healthy: { min: 70, below: null },
} as const;
export const healthBandNames = ['at-risk', 'watch', 'healthy', 'unscored'] as const;
export type HealthBand = (typeof healthBandNames)[number];

/**
 * P(alive) bands: the probability that the customer still buys (BG/NBD). Under 0.3 is insight's
 * default "lapsed" threshold (lapsedBelowProbabilityAlive); 0.7 and up is very likely active.
 */
export const pAliveBands = {
  low: { min: 0, below: 0.3 },
  medium: { min: 0.3, below: 0.7 },
  high: { min: 0.7, below: null },
} as const;
export const pAliveBandNames = ['low', 'medium', 'high', 'unscored'] as const;
export type PAliveBand = (typeof pAliveBandNames)[number];

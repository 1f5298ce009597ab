import type { CustomerListScoresProvider } from '../customers/index.ts';

/**
 * The latest scores as a relation the customer list joins to filter by band and sort by score.
 * A plain projection of insight_score, so PostgreSQL flattens it into the list's query and
 * walks the (score, customer_id) indexes of migration 20261124000200 when the list is sorted.
 */
export const listScores: CustomerListScoresProvider = (db) =>
  db
    .selectFrom('insight_score')
    .select(['customer_id', 'health', 'p_alive', 'clv_minor', 'currency', 'churn_probability']);

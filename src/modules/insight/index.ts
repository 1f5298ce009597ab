import { registerCustomerListScores, registerCustomerScoresProvider } from '../customers/index.ts';
import { customerScoresJsonSql, toCustomerScores } from './get-customer-scores.ts';
import { listScores } from './list-scores.ts';

export { cancelScoringRun } from './cancel-scoring-run.ts';
export { detectHealthDrops, type HealthDrop } from './detect-health-drops.ts';
export { type CustomerScores, getCustomerScores } from './get-customer-scores.ts';
export { getModelDiagnostics, type ModelDiagnostics } from './get-model-diagnostics.ts';
export { getInsightSettings, type InsightSettings, insightSettings } from './get-settings.ts';
export {
  type ComponentReading,
  type HealthComponentProvider,
  registerHealthComponent,
} from './health/health-components.ts';
export {
  type CustomerScoreRow,
  listCustomerScores,
  MAX_SCORES_PAGE,
  scoresToCsv,
} from './list-customer-scores.ts';
export { type LapsedCustomer, listLapsedCustomers } from './list-lapsed-customers.ts';
export { listRuleScores, type RuleScores } from './list-rule-scores.ts';
export { exportCustomerInsight } from './personal-data.ts';
export {
  type ChurnReasonItem,
  type ChurnReasonSource,
  registerChurnReasonSource,
} from './reasons/churn-reason-sources.ts';
export { rankChurnReasons } from './reasons/rank-churn-reasons.ts';
export { insightRoutes } from './routes.ts';
export { runScoring, runScoringJob, type ScoringProgress } from './run-scoring.ts';
export { type ScoreAsOf, scoresAsOf } from './scores-as-of.ts';
export type { FitSummary } from './scoring/summarize-fits.ts';
export {
  compareRetention,
  type GroupRetention,
  type RetentionComparison,
} from './survival/compare-retention.ts';
export { updateInsightSettings } from './update-settings.ts';

/** Shows each customer's scores in the customer 360 (customers module hook). Idempotent. */
export function registerInsightInCustomer360(): void {
  registerCustomerScoresProvider({ sql: customerScoresJsonSql('c.id'), fromJson: toCustomerScores });
}

/** Lets the customer list filter by health and P(alive) bands and sort by scores (customers module hook). Idempotent. */
export function registerInsightInCustomerList(): void {
  registerCustomerListScores(listScores);
}

export { authorizeCustomerWork } from './access.ts';
export { assignOwner, type OwnerAssignment } from './assign-owner.ts';
export { createCustomer } from './create-customer.ts';
export {
  type CustomerField,
  type CustomerFieldType,
  customerFields,
  customerSource,
  type FieldEnv,
} from './customer-fields.ts';
export {
  type CustomerListScoresProvider,
  type ListScoreColumns,
  registerCustomerListScores,
} from './customer-list-scores.ts';
export { type CustomerScoresProvider, registerCustomerScoresProvider } from './customer-scores.ts';
export { loadDemo } from './demo/load-demo.ts';
export { type CustomerLookup, findCustomerId } from './find-customer-id.ts';
export { firstInteractionAt } from './first-interaction-at.ts';
export { firstPurchasesAmong } from './first-purchases-among.ts';
export { getCustomer } from './get-customer.ts';
export { CONTACT_KINDS, type Customer360, getCustomer360, getCustomer360s } from './get-customer-360.ts';
export { getCustomerNames } from './get-customer-names.ts';
export { getCustomers } from './get-customers.ts';
export { handOverCustomers } from './hand-over-customers.ts';
export { hasPurchasedBefore } from './has-purchased-before.ts';
export { importCustomers } from './import/import-customers.ts';
export { type ImportFileOptions, type ImportReport, importFile } from './import/import-file.ts';
export { ingestEvents } from './ingest-events.ts';
export {
  type InteractionListener,
  onInteractionsRecorded,
  type RecordedInteraction,
} from './interaction-listeners.ts';
export { interactionRoutes } from './interaction-routes.ts';
export { type LastPurchase, lastPurchaseOf } from './last-purchase.ts';
export { type CustomerTraits, listCustomerTraits } from './list-customer-traits.ts';
export { type Departure, listDepartures } from './list-departures.ts';
export { registerOpenItemsSql } from './open-items.ts';
export { outcomesAfter, PRE_PERIOD_DAYS } from './outcomes-after.ts';
export { type OwnerChange, type OwnerChangeListener, onOwnerChanged } from './owner-change-listeners.ts';
export { eraseCustomerProfile, exportCustomerProfile, personalTermsOf } from './personal-data.ts';
export { type PurchaseFactsInput, purchaseFactsSql } from './purchase-facts-sql.ts';
export { type NewInteraction, recordInteractions } from './record-interactions.ts';
export { DEFAULT_LAPSE_DAYS } from './refresh-statuses.ts';
export { customerRoutes } from './routes.ts';
export { registerSavedSegmentFilter, type SavedSegmentFilter } from './saved-segment-filter.ts';
export { type InteractionCursor, type InteractionScan, scanInteractions } from './scan-interactions.ts';
export type { CustomerView } from './schemas.ts';
export { type CustomerQuery, type ListSort, searchCustomers } from './search-customers.ts';
export { segmentRoutes } from './segment/routes.ts';
export { type CustomerIdRange, inIdRange, splitCustomerIds } from './split-customer-ids.ts';
export { type PurchaseTotal, sumPurchasesBetween } from './sum-purchases-between.ts';
export { type ActivitySummary, type ActivityWindow, summarizeActivity } from './summarize-activity.ts';
export {
  type EngagementSummary,
  type EngagementWindow,
  summarizeEngagement,
} from './summarize-engagement.ts';
export { type PurchaseCurrency, summarizePurchaseCurrencies } from './summarize-purchase-currencies.ts';
export { type CohortCell, summarizePurchaseMonths } from './summarize-purchase-months.ts';
export { type PurchaseHistory, type PurchaseSummary, summarizePurchases } from './summarize-purchases.ts';
export { type Channel, channels } from './tables.ts';
export type { Actor } from './update-customer.ts';

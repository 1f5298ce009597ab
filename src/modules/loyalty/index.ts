export { getLoyaltyAccount } from './get-loyalty-account.ts';
export { type GrantResult, grantReward, type RewardGrant } from './grant-reward.ts';
export { eraseCustomerLoyalty, exportCustomerLoyalty } from './personal-data.ts';
export { loyaltyRoutes } from './routes.ts';
export { setTierLookup, type TierOf, tiersOf } from './tier-lookup.ts';
export { tierRoutes } from './tier-routes.ts';
export { evaluateTiers } from './tiers/evaluate-tiers.ts';
export { evaluateAllTiersJob, evaluateCustomerTiersJob, tierPurchaseListener } from './tiers/tier-jobs.ts';
export { lookupTiers, tierCallListBoost, tierServiceLevel } from './tiers/tier-providers.ts';

export { getLoyaltyAccount } from './get-loyalty-account.ts';
export { type GrantResult, grantReward, type RewardGrant } from './grant-reward.ts';
export { earnOnPurchases } from './ledger/earn-on-purchases.ts';
export { expirePointsJob } from './ledger/expire-points.ts';
export { spendPoints, type TakePoints, type TakeResult } from './ledger/spend-points.ts';
export { ledgerRoutes } from './ledger-routes.ts';
export { eraseCustomerLoyalty, exportCustomerLoyalty } from './personal-data.ts';
export { loyaltyRoutes } from './routes.ts';
export { setTierLookup, type TierOf, tiersOf } from './tier-lookup.ts';

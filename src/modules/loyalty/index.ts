export { getLoyaltyAccount } from './get-loyalty-account.ts';
export { type GrantResult, grantReward, type RewardGrant } from './grant-reward.ts';
export { eraseCustomerLoyalty, exportCustomerLoyalty } from './personal-data.ts';
export { referralRoutes } from './referral-routes.ts';
export { creditReferral, creditReferralJob } from './referrals/credit-referral.ts';
export { referralListener } from './referrals/referral-listener.ts';
export { loyaltyRoutes } from './routes.ts';
export { setTierLookup, type TierOf, tiersOf } from './tier-lookup.ts';

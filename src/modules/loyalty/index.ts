export { eventRoutes } from './event-routes.ts';
export { deliverInvitationJob } from './events/deliver-invitation.ts';
export { mailSeatJob } from './events/mail-seat.ts';
export { getLoyaltyAccount } from './get-loyalty-account.ts';
export { type GrantResult, grantReward, type RewardGrant } from './grant-reward.ts';
export { eraseCustomerLoyalty, exportCustomerLoyalty } from './personal-data.ts';
export { loyaltyRoutes } from './routes.ts';
export { setTierLookup, type TierOf, tiersOf } from './tier-lookup.ts';

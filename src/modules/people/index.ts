export { assignUnowned, assignUnownedJob } from './assignment/assign-unowned.ts';
export { eraseCustomerIntroEmails, exportCustomerIntroEmails } from './assignment/personal-data.ts';
export { recordOwnership } from './assignment/record-ownership.ts';
export { sendIntroEmailJob } from './assignment/send-intro-email.ts';
export { eraseCustomerKudos, exportCustomerKudos } from './kudos/personal-data.ts';
export { convertOnPurchase } from './opportunities/convert-on-purchase.ts';
export { eraseCustomerOpportunities, exportCustomerOpportunities } from './opportunities/personal-data.ts';
export { deliverPulseInvitationJob } from './pulses/deliver-pulse-invitation.ts';
export { openDuePulseRoundsJob } from './pulses/open-due-rounds.ts';
export {
  eraseCustomerRewardPreference,
  exportCustomerRewardPreference,
} from './reward-preferences/personal-data.ts';
export { peopleRoutes } from './routes.ts';
export { buildScorecard } from './scorecards/build-scorecard.ts';

export { assignUnowned, assignUnownedJob } from './assignment/assign-unowned.ts';
export { eraseCustomerIntroEmails, exportCustomerIntroEmails } from './assignment/personal-data.ts';
export { recordOwnership } from './assignment/record-ownership.ts';
export { sendIntroEmailJob } from './assignment/send-intro-email.ts';
export { eraseCustomerKudos, exportCustomerKudos } from './kudos/personal-data.ts';
export {
  eraseCustomerRewardPreference,
  exportCustomerRewardPreference,
} from './reward-preferences/personal-data.ts';
export { peopleRoutes } from './routes.ts';
export { buildScorecard } from './scorecards/build-scorecard.ts';

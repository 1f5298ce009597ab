export { assignUnowned, assignUnownedJob } from './assignment/assign-unowned.ts';
export { recordOwnership } from './assignment/record-ownership.ts';
export { deliverPulseInvitationJob } from './pulses/deliver-pulse-invitation.ts';
export { openDuePulseRoundsJob } from './pulses/open-due-rounds.ts';
export { peopleRoutes } from './routes.ts';
export { buildScorecard } from './scorecards/build-scorecard.ts';

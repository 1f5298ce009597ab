export { assignUnowned, assignUnownedJob } from './assignment/assign-unowned.ts';
export { recordOwnership } from './assignment/record-ownership.ts';
export { convertOnPurchase } from './opportunities/convert-on-purchase.ts';
export { eraseCustomerOpportunities, exportCustomerOpportunities } from './opportunities/personal-data.ts';
export { peopleRoutes } from './routes.ts';
export { buildScorecard } from './scorecards/build-scorecard.ts';

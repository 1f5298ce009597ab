import type { Job } from '../../kernel/context.ts';
import { applyRetentionJob } from './retention.ts';

export { eraseCustomer } from './erase-customer.ts';
export { exportCustomerData } from './export-customer-data.ts';
export { applyRetention, getRetention, setRetention } from './retention.ts';
export { privacyRoutes } from './routes.ts';

/** The privacy module's durable jobs: nightly retention. */
export const privacyJobs = [applyRetentionJob] as Job<never>[];

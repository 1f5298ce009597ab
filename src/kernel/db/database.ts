import type { CustomerTables } from '../../modules/customers/tables.ts';
import type { FeedbackTables } from '../../modules/feedback/tables.ts';
import type { InsightTables } from '../../modules/insight/tables.ts';
import type { LoopTables } from '../../modules/loop/tables.ts';
import type { LoyaltyTables, ReferralTables } from '../../modules/loyalty/tables.ts';
import type { OutreachTables } from '../../modules/outreach/tables.ts';
import type { PeopleTables } from '../../modules/people/tables.ts';
import type { PrivacyTables } from '../../modules/privacy/tables.ts';
import type { StaffTables } from '../../modules/staff/tables.ts';
import type { TeamTables } from '../../modules/staff/team-tables.ts';

/** Every table Tenure owns, as Kysely sees it. Each module declares its own in `tables.ts`. */
export interface Database
  extends StaffTables,
    CustomerTables,
    TeamTables,
    LoopTables,
    FeedbackTables,
    OutreachTables,
    LoyaltyTables,
    ReferralTables,
    InsightTables,
    PrivacyTables,
    PeopleTables {}

import type { ColumnType, Generated } from 'kysely';
import type { EventTables } from './events/tables.ts';
import type { RewardTables } from './rewards/tables.ts';

export interface LoyaltyTables extends EventTables, RewardTables {
  loyalty_ledger: {
    customer_id: string;
    id: Generated<number>;
    points: number;
    reward_code: string | null;
    reason: string;
    source: string;
    idempotency_key: string;
    kind: Generated<'earn' | 'spend' | 'expire' | 'cancel' | 'adjust'>;
    properties: ColumnType<Record<string, unknown>, string | undefined, never>;
    created_at: Generated<Date>;
    effective_at: ColumnType<Date, Date | undefined, never>;
    available_at: ColumnType<Date, Date | undefined, never>;
  };
  loyalty_earn_rule: {
    id: Generated<string>;
    name: string;
    condition: string;
    points: string;
    enabled: Generated<boolean>;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
  loyalty_settings: {
    id: Generated<boolean>;
    pending_days: number;
    expiry: 'none' | 'fixed' | 'inactivity';
    expiry_months: number;
    updated_at: Generated<Date>;
  };
  loyalty_tier: {
    id: string;
    name: string;
    rank: number;
    criterion: 'spend' | 'points' | 'tenure';
    threshold: ColumnType<string, number, number>;
    currency: string | null;
    window_days: number;
    downgrade: 'never' | 'yearly' | 'grace';
    grace_days: number;
    earn_multiplier: ColumnType<string, number, number>;
    case_priority: number | null;
    first_response_minutes: number | null;
    resolution_minutes: number | null;
    dedicated_rep: boolean;
    rep_team_id: string | null;
    rep_staff_ids: string[];
    call_list_first: boolean;
    email_subject: string | null;
    email_body: string | null;
    created_at: Generated<Date>;
    updated_at: Date;
  };
  loyalty_tier_member: {
    customer_id: string;
    tier_id: string;
    since: Date;
    review_at: Date;
    below_since: Date | null;
    rep_id: string | null;
  };
  loyalty_tier_override: {
    customer_id: string;
    tier_id: string | null;
    until: Date;
    reason: string;
    set_by: string | null;
    created_at: Generated<Date>;
  };
  loyalty_tier_progress: {
    customer_id: string;
    tier_id: string;
    value: ColumnType<string, number, number>;
    threshold: ColumnType<string, number, number>;
  };
  loyalty_tier_email: {
    customer_id: string;
    change_id: number;
    tier_id: string;
    status: Generated<'pending' | 'sent' | 'skipped' | 'failed'>;
    reason: string | null;
    created_at: Date;
    sent_at: Date | null;
  };
  loyalty_tier_change: {
    customer_id: string;
    id: Generated<number>;
    from_tier_id: string | null;
    to_tier_id: string | null;
    cause: 'upgrade' | 'downgrade' | 'override' | 'override-expired';
    changed_at: Date;
  };
}

export interface ReferralTables {
  loyalty_referral_code: { customer_id: string; code: string; created_at: Generated<Date> };
  loyalty_referral: {
    id: Generated<number>;
    code: string;
    referrer_id: string | null;
    referred_id: string;
    status: 'accepted' | 'refused';
    reason: string | null;
    source: string;
    source_ref: string | null;
    recorded_at: Date;
    credited_on: string | null;
    first_purchase_at: Date | null;
    referrer_points: number | null;
    referee_points: number | null;
    credited_at: Date | null;
  };
  loyalty_referral_settings: {
    id: Generated<boolean>;
    referrer_points: number;
    referee_points: number;
    updated_at: Generated<Date>;
  };
  loyalty_referral_visit: { code: string; day: string; visits: Generated<number> };
}

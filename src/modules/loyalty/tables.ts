import type { ColumnType, Generated } from 'kysely';

export interface LoyaltyTables {
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

import type { ColumnType, Generated } from 'kysely';
import type { EventTables } from './events/tables.ts';

export interface LoyaltyTables extends EventTables {
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
}

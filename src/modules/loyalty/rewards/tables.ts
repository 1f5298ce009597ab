import type { ColumnType, Generated } from 'kysely';

export type RewardKind = 'discount' | 'gift' | 'partner';
export type CodeSource = 'generated' | 'pool' | 'none';

export interface RewardTables {
  loyalty_reward: {
    id: Generated<string>;
    name: string;
    description: string | null;
    kind: RewardKind;
    points: number;
    code_source: CodeSource;
    code_prefix: string | null;
    partner_name: string | null;
    partner_terms: string | null;
    stock: number | null;
    active: Generated<boolean>;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
  loyalty_redemption: {
    id: Generated<number>;
    reward_id: string;
    customer_id: string;
    idempotency_key: string;
    points: number;
    code: string | null;
    channel: 'staff' | 'public' | 'gift';
    staff_id: string | null;
    source_kind: 'case' | 'call' | null;
    source_ref: string | null;
    note: string | null;
    ledger_entry_id: number | null;
    created_at: ColumnType<Date, Date, never>;
    used_at: Date | null;
    used_on: string | null;
  };
  loyalty_reward_code: {
    code: string;
    reward_id: string;
    redemption_id: number | null;
    created_at: Generated<Date>;
  };
}

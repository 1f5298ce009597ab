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
  };
}

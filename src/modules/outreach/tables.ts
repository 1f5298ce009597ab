import type { ColumnType, Generated } from 'kysely';
import type { Definition } from './segments/definition.ts';

export interface OutreachTables {
  contact_rule: {
    purpose: string;
    window_days: number;
    max_contacts: number;
    max_reminders: number;
    updated_at: Generated<Date>;
    updated_by: string | null;
  };
  contact_preference: {
    customer_id: string;
    purpose: string;
    channel: string;
    allowed: boolean;
    source: string;
    note: string | null;
    updated_at: Generated<Date>;
    updated_by: string | null;
  };
  contact_log: {
    customer_id: string;
    id: Generated<number>;
    purpose: string;
    channel: string;
    reference: string;
    reminder_of: string | null;
    at: Date;
  };
  segment: {
    id: string;
    name: string;
    description: Generated<string>;
    definition: ColumnType<Definition, string, string>;
    created_at: Generated<Date>;
    created_by: string | null;
    updated_at: Generated<Date>;
    updated_by: string | null;
  };
}

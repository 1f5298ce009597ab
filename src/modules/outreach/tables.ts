import type { Generated } from 'kysely';

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
    state: 'granted' | 'refused' | 'unknown';
    source: string;
    recorded_by: 'staff' | 'customer' | 'import' | 'system';
    staff_id: string | null;
    note: string | null;
    updated_at: Generated<Date>;
  };
  contact_hours: {
    customer_id: string;
    quiet_from: string | null;
    quiet_to: string | null;
    preferred_from: string | null;
    preferred_to: string | null;
    preferred_days: Generated<number[]>;
    time_zone: string | null;
    updated_at: Generated<Date>;
    staff_id: string | null;
  };
  contact_refusal: {
    customer_id: string;
    id: Generated<number>;
    purpose: string;
    channel: string;
    reference: string;
    code: string;
    rule: string;
    reason: string;
    at: Date;
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
}

import type { ColumnType, Generated } from 'kysely';
import type { CallListTables } from './call-lists/tables.ts';
import type { CampaignTables } from './campaigns/tables.ts';
import type { Definition } from './segments/definition.ts';
import type { WinbackTables } from './winback/tables.ts';

export interface OutreachTables extends UpliftTables, CampaignTables, CallListTables, WinbackTables {
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
  offer: {
    id: Generated<string>;
    name: string;
    description: string | null;
    code_source: 'pool' | 'generated';
    code_prefix: string | null;
    min_tenure_days: Generated<number>;
    min_spend_minor: Generated<number>;
    currency: string | null;
    valid_until: Date | null;
    status: Generated<'active' | 'archived'>;
    created_at: Generated<Date>;
    created_by: string | null;
  };
  offer_code: {
    code: string;
    offer_id: string;
    customer_id: string | null;
    assigned_at: Date | null;
    redeemed_at: Date | null;
    redeemed_by: string | null;
    redeemed_on: string | null;
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

export const programKinds = ['campaign', 'call-list', 'win-back', 'playbook', 'offer', 'event'] as const;
export type ProgramKind = (typeof programKinds)[number];
export const arms = ['treated', 'held-out', 'global-control'] as const;
export type Arm = (typeof arms)[number];

export interface UpliftTables {
  outreach_program: {
    id: string;
    kind: ProgramKind | 'global-control';
    key: string;
    name: string;
    // numeric comes back from pg as a string; inserts take numbers.
    holdout_share: ColumnType<string, number, number>;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
    updated_by: string | null;
  };
  program_assignment: {
    customer_id: string;
    program_id: string;
    arm: Arm;
    eligible_at: Date;
    holdout_share: ColumnType<string, number, never>;
    assigned_at: Generated<Date>;
  };
}

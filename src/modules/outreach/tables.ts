import type { ColumnType, Generated } from 'kysely';

export interface OutreachTables extends UpliftTables {
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
}

export const programKinds = ['campaign', 'call-list', 'win-back', 'playbook', 'offer'] as const;
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

import type { Generated } from 'kysely';

export interface PeopleTables {
  people_assignment_rule: {
    id: string;
    position: number;
    name: string;
    countries: Generated<string[]>;
    languages: Generated<string[]>;
    segment_id: string | null;
    team_id: string | null;
    staff_ids: Generated<string[]>;
    active: Generated<boolean>;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
  people_ownership: {
    customer_id: string;
    id: Generated<number>;
    owner_id: string;
    valid_from: Date;
    valid_to: Date | null;
    reason: string | null;
  };
}

export interface PulseTables {
  people_pulse: {
    id: string;
    name: string;
    content: unknown;
    team_ids: Generated<string[]>;
    first_round_at: Date;
    repeat_every_days: number | null;
    round_open_days: Generated<number>;
    next_round_at: Date | null;
    status: Generated<'active' | 'archived'>;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
  people_pulse_round: {
    id: string;
    pulse_id: string;
    number: number;
    content: unknown;
    opens_at: Date;
    closes_at: Date;
    closed_early_at: Date | null;
  };
  people_pulse_invitation: {
    id: string;
    round_id: string;
    staff_id: string;
    team_id: string | null;
    status: Generated<'pending' | 'sent' | 'failed' | 'answered'>;
    reason: string | null;
    sent_at: Date | null;
  };
  people_pulse_answer: {
    id: string;
    round_id: string;
    team_id: string | null;
    enps: number;
    answers: unknown;
    themes: Generated<string[]>;
  };
}

// Declaration merging: the pulse tables join PeopleTables without touching the lines above.
export interface PeopleTables extends PulseTables {}

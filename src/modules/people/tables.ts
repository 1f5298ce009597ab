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
    tier_ids: Generated<string[]>;
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
  people_opportunity: {
    id: string;
    customer_id: string;
    interaction_id: number | null;
    /** The touchpoint's time: part of the timeline's key (it is partitioned by time). */
    interaction_occurred_at: Date | null;
    case_id: string | null;
    rep_id: string;
    interest: string;
    product: string | null;
    category: string | null;
    value_minor: number;
    currency: string;
    window_days: number;
    stage: Generated<OpportunityStage>;
    flagged_at: Date;
    stage_at: Date;
    won_interaction_id: number | null;
    won_at: Date | null;
    won_amount_minor: number | null;
    won_currency: string | null;
  };
  people_opportunity_stage: {
    opportunity_id: string;
    id: Generated<number>;
    from_stage: OpportunityStage | null;
    to_stage: OpportunityStage;
    at: Date;
    staff_id: string | null;
    note: string | null;
  };
  people_intro_email: {
    id: string;
    customer_id: string;
    from_staff_id: string;
    to_staff_id: string;
    subject: string;
    body: string;
    status: Generated<'pending' | 'sent' | 'skipped' | 'failed'>;
    reason: string | null;
    created_at: Date;
    sent_at: Date | null;
  };
  people_kudos: {
    id: string;
    from_staff_id: string;
    to_staff_id: string;
    customer_id: string | null;
    case_id: string | null;
    message: string;
    created_at: Date;
  };
  people_staff_reward_preference: {
    staff_id: string;
    choices: string[];
    updated_at: Date;
  };
  people_customer_reward_preference: {
    customer_id: string;
    choices: string[];
    note: string | null;
    source: 'staff' | 'customer';
    updated_at: Date;
  };
}

export type OpportunityStage = 'open' | 'qualified' | 'won' | 'lost';
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

import type { ColumnType, Generated } from 'kysely';
import type { Channel } from '../customers/tables.ts';

type Json<T> = ColumnType<T, string, string>;
type JsonNull<T> = ColumnType<T | null, string | null | undefined, string | null>;

export const surveyStatuses = ['live', 'archived'] as const;
export const sendStatuses = ['pending', 'sending', 'sent', 'skipped', 'failed'] as const;
export const sendChannels = ['email', 'web'] as const;
export const responseVias = ['link', 'widget', 'web-form', 'staff', 'import'] as const;
export type SendStatus = (typeof sendStatuses)[number];
export type SendChannel = (typeof sendChannels)[number];
export type ResponseVia = (typeof responseVias)[number];

export type Incentive = { points?: number; code?: string; description?: string };

export interface FeedbackTables {
  survey: {
    id: string;
    name: string;
    status: Generated<(typeof surveyStatuses)[number]>;
    current_version: Generated<number>;
    incentive: JsonNull<Incentive>;
    reminder_after_days: number | null;
    link_valid_days: Generated<number>;
    anonymous_form: Generated<boolean>;
    anonymous_in_scores: Generated<boolean>;
    anonymous_per_address_hour: Generated<number>;
    anonymous_per_day: Generated<number>;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
  survey_version: {
    survey_id: string;
    version: number;
    content: Json<unknown>;
    created_at: Generated<Date>;
  };
  survey_send: {
    customer_id: string;
    id: string;
    survey_id: string;
    survey_version: number;
    channel: SendChannel;
    dedupe_key: string;
    trigger_id: string | null;
    case_id: string | null;
    status: Generated<SendStatus>;
    status_reason: string | null;
    created_at: Generated<Date>;
    sent_at: Date | null;
    expires_at: Date;
    reminders_sent: Generated<number>;
    reminder_note: string | null;
    answered_at: Date | null;
  };
  survey_response: {
    id: string;
    customer_id: string | null;
    survey_id: string;
    survey_version: number;
    send_id: string | null;
    channel: Channel;
    via: ResponseVia;
    staff_id: string | null;
    type: string;
    score: number | null;
    comment: string | null;
    answers: Json<unknown>;
    sentiment: number | null;
    auto_themes: string[];
    themes: string[];
    customer_status: string | null;
    lifecycle_stage: string | null;
    incentive: JsonNull<Incentive>;
    case_id: string | null;
    source_key: string | null;
    respondent: JsonNull<Record<string, string>>;
    address_hash: string | null;
    responded_at: Date;
    recorded_at: Generated<Date>;
    settled_at: Date | null;
  };
  survey_response_theme_correction: {
    response_id: string;
    id: Generated<number>;
    theme: string;
    action: 'add' | 'remove';
    staff_id: string | null;
    created_at: Generated<Date>;
  };
  feedback_theme: {
    slug: string;
    label: string;
    patterns: string[];
    builtin: Generated<boolean>;
    active: Generated<boolean>;
    updated_at: Generated<Date>;
  };
  survey_trigger: {
    id: string;
    survey_id: string;
    channel: 'email';
    interaction_kind: string;
    delay_hours: ColumnType<number, number, number>;
    condition: Json<unknown>;
    active: Generated<boolean>;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
}

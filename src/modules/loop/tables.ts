import type { ColumnType, Generated } from 'kysely';

export const severities = ['low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof severities)[number];
export const outcomes = ['saved', 'recovered', 'churned', 'no-response', 'not-an-issue'] as const;
export type Outcome = (typeof outcomes)[number];
export const caseStatuses = ['open', 'snoozed', 'resolved'] as const;
export type CaseStatus = (typeof caseStatuses)[number];
export const stepTypes = ['call', 'email', 'gesture', 'survey', 'check-in', 'task'] as const;
/** A task is a playbook step, or a promise a rep made to the customer (no step, maybe no case). */
export const taskTypes = [...stepTypes, 'promise'] as const;
export type TaskType = (typeof taskTypes)[number];
export type StepType = (typeof stepTypes)[number];
export const notifyChannels = ['in-app', 'email', 'webhook'] as const;
export type NotifyChannel = (typeof notifyChannels)[number];

export type PlaybookStep = {
  type: StepType;
  title: string;
  dueAfterHours: number;
  channel?: string;
  template?: string;
};
export type FollowUp = {
  surveyId: string | null;
  responseId: string | null;
  type: string | null;
  score: number | null;
  at: string;
};

type Json<T> = ColumnType<T, string, string>;
type Timestamps = { created_at: Generated<Date>; updated_at: Generated<Date> };

export interface LoopTables {
  /** One row; its version changes whenever an event rule's matching changes (rule-index.ts). */
  red_flag_rule_version: { id: Generated<boolean>; version: Generated<string> };
  playbook: Timestamps & {
    id: string;
    key: string;
    name: string;
    description: Generated<string>;
    steps: Json<PlaybookStep[]>;
    enabled: Generated<boolean>;
  };
  red_flag_rule: Timestamps & {
    id: string;
    key: string;
    name: string;
    description: Generated<string>;
    enabled: Generated<boolean>;
    trigger: 'event' | 'schedule';
    event_kinds: Generated<string[]>;
    event_channels: Generated<string[]>;
    condition: string;
    severity: Severity;
    playbook_id: string | null;
    notify: Generated<NotifyChannel[]>;
    cooldown_days: Generated<number>;
    builtin: Generated<boolean>;
    error_count: Generated<number>;
    last_error: string | null;
    last_error_at: Date | null;
  };
  sla_policy: {
    severity: Severity;
    first_contact_minutes: number;
    resolution_minutes: number;
    warn_at_percent: Generated<number>;
  };
  /** Kept by a trigger on loop_case (migration 20261211010000); routing reads it. */
  loop_staff_open_cases: { staff_id: string; open: number; last_assigned_at: Date | null };
  root_cause: { key: string; label: string; active: Generated<boolean>; created_at: Generated<Date> };
  loop_case: Timestamps & {
    customer_id: string;
    id: string;
    status: Generated<CaseStatus>;
    severity: Severity;
    priority: number;
    title: string;
    team_id: string | null;
    assignee_id: string | null;
    assigned_at: Date | null;
    queued_until: Date | null;
    opened_at: Date;
    first_contact_at: Date | null;
    first_contact_warn_at: Date | null;
    first_contact_due_at: Date | null;
    resolution_warn_at: Date | null;
    resolution_due_at: Date | null;
    escalated_at: Date | null;
    snoozed_until: Date | null;
    resolved_at: Date | null;
    outcome: Outcome | null;
    root_causes: Generated<string[]>;
    resolution_note: string | null;
    playbook_id: string | null;
    playbook_applied: Generated<boolean>;
    playbook_arm: 'treated' | 'held-out' | 'global-control' | null;
    customer_value_minor: Generated<number>;
    value_currency: string | null;
    cycle: Generated<number>;
    sla_state: Generated<number>;
    follow_up: ColumnType<FollowUp | null, string | null, string | null>;
  };
  alert: {
    customer_id: string;
    id: Generated<number>;
    rule_id: string;
    case_id: string;
    trigger_key: string;
    severity: Severity;
    summary: string;
    event: ColumnType<Record<string, unknown> | null, string | null, never>;
    raised_at: Generated<Date>;
  };
  case_event: {
    customer_id: string;
    case_id: string;
    id: Generated<number>;
    at: Date;
    kind: string;
    actor_id: string | null;
    details: Json<Record<string, unknown>>;
    dedupe_key: string | null;
  };
  task: {
    customer_id: string;
    id: string;
    case_id: string | null;
    step_index: number | null;
    type: TaskType;
    title: string;
    channel: string | null;
    note: string | null;
    template: string | null;
    due_at: Date;
    assignee_id: string | null;
    status: Generated<'open' | 'done' | 'cancelled'>;
    completed_at: Date | null;
    completed_by: string | null;
    interaction_source_id: string | null;
    created_at: Generated<Date>;
  };
  notification: {
    id: string;
    recipient_id: string;
    customer_id: string | null;
    case_id: string | null;
    channel: 'in-app' | 'email';
    kind: string;
    title: string;
    body: string;
    dedupe_key: string;
    created_at: Generated<Date>;
    sent_at: Date | null;
    read_at: Date | null;
    error: string | null;
  };
  webhook_endpoint: {
    id: string;
    url: string;
    description: Generated<string>;
    secret: string;
    format: Generated<'standard' | 'slack'>;
    event_types: Generated<string[]>;
    enabled: Generated<boolean>;
    created_at: Generated<Date>;
  };
  webhook_delivery: {
    id: string;
    endpoint_id: string;
    event_type: string;
    payload: Json<Record<string, unknown>>;
    dedupe_key: string;
    status: Generated<'pending' | 'delivered' | 'failed'>;
    attempts: Generated<number>;
    last_status_code: number | null;
    last_error: string | null;
    created_at: Generated<Date>;
    delivered_at: Date | null;
  };
  webhook_attempt: {
    delivery_id: string;
    attempt: number;
    at: Generated<Date>;
    status_code: number | null;
    error: string | null;
    duration_ms: number;
  };
}

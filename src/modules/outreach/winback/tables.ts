import type { ColumnType, Generated } from 'kysely';

/** The win-back play's program (seeded by the migration): its holdout share and uplift row. */
export const WINBACK_PROGRAM_ID = '00000000-0000-7000-8000-0000000bac4e';

export const winbackStatuses = [
  'held-out',
  'pending',
  'sent',
  'task',
  'done',
  'no-channel',
  'skipped',
  'failed',
] as const;
export type WinbackStatus = (typeof winbackStatuses)[number];
/** The channels win-back falls back through, email first (a task for a rep for the others). */
export const winbackChannels = ['email', 'sms', 'phone', 'post'] as const;
export type WinbackChannel = (typeof winbackChannels)[number];

export interface WinbackTables {
  winback_settings: {
    id: Generated<boolean>;
    p_alive_below: number | null;
    include_lapsed: boolean;
    segment_id: string | null;
    offer_id: string | null;
    subject: string;
    body: string;
    window_start: string;
    window_end: string;
    default_time_zone: string;
    reactivation_days: number;
    cooldown_days: number;
    active: boolean;
    updated_at: Generated<Date>;
    updated_by: string | null;
  };
  winback_run: {
    id: string;
    trigger: 'schedule' | 'manual';
    day: ColumnType<string, string, string>;
    started_at: Date;
    reactivation_days: number;
    summary: ColumnType<Record<string, number>, string | undefined, string>;
    started_by: string | null;
  };
  winback_contact: {
    id: string;
    run_id: string;
    customer_id: string;
    arm: 'treated' | 'held-out' | 'global-control';
    channel: WinbackChannel | null;
    status: WinbackStatus;
    reason: string | null;
    offer_code: string | null;
    eligible_at: Date;
    planned_for: Date | null;
    contacted_at: Date | null;
    reactivated_at: Date | null;
    revenue_minor: ColumnType<string, number | undefined, number>;
    currency: string | null;
  };
}

import type { ColumnType, Generated } from 'kysely';

export const itemStatuses = ['open', 'done', 'skipped', 'held-out', 'no-channel'] as const;
export type ItemStatus = (typeof itemStatuses)[number];
/** The channels a check-in can take, in the order a call list falls back to them. */
export const checkInChannels = ['phone', 'email', 'sms', 'post'] as const;
export type CheckInChannel = (typeof checkInChannels)[number];

export interface CallListTables {
  call_list: {
    id: string;
    name: string;
    segment_id: string;
    cap_per_rep: number;
    fallback_rep_id: string | null;
    call_from: Generated<string>;
    call_to: Generated<string>;
    active: Generated<boolean>;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
  call_list_build: {
    call_list_id: string;
    day: ColumnType<string, string, string>;
    built_at: Date;
    summary: ColumnType<BuildSummary, string, string>;
  };
  call_item: {
    id: string;
    call_list_id: string;
    day: ColumnType<string, string, string>;
    customer_id: string;
    rep_id: string | null;
    arm: 'treated' | 'held-out' | 'global-control';
    channel: CheckInChannel | null;
    rank: number;
    score: number;
    why: string;
    instead_reason: string | null;
    time_zone: string;
    due_from: Date | null;
    due_to: Date | null;
    status: ItemStatus;
    outcome: string | null;
    skip_reason: string | null;
    completed_at: Date | null;
  };
}

/** What one day's build of a list found. */
export type BuildSummary = {
  day: string;
  members: number;
  calls: number;
  instead: number;
  heldOut: number;
  noChannel: number;
  overCap: number;
};

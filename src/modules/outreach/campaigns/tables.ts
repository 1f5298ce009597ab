import type { ColumnType, Generated } from 'kysely';

// Written as JSON text, read back parsed.
type JsonNull = ColumnType<unknown | null, string | null | undefined, string | null>;

export const campaignStatuses = ['draft', 'scheduled', 'sending', 'done', 'active'] as const;
export const campaignKinds = ['one-off', 'recurring', 'triggered'] as const;
export type CampaignKind = (typeof campaignKinds)[number];
export type RunStatus = 'launching' | 'sending' | 'done';
export type CampaignStatus = (typeof campaignStatuses)[number];
export type CampaignSendStatus = 'pending' | 'held-out' | 'sent' | 'skipped' | 'failed';

export interface CampaignTables {
  campaign: {
    id: string;
    name: string;
    segment_id: string;
    purpose: string;
    subject: string;
    body: string;
    window_start: string;
    window_end: string;
    program_id: string;
    status: Generated<CampaignStatus>;
    created_by: string | null;
    created_at: Generated<Date>;
    launched_at: Date | null;
    kind: Generated<CampaignKind>;
    schedule: JsonNull;
    trigger: JsonNull;
  };
  campaign_run: {
    id: string;
    campaign_id: string;
    occurrence: string;
    status: Generated<RunStatus>;
    cursor: string | null;
    started_at: Date;
  };
  campaign_segment_seen: {
    campaign_id: string;
    customer_id: string;
    seen_at: Date;
  };
  campaign_send: {
    id: string;
    campaign_id: string;
    run_id: string;
    customer_id: string;
    arm: string;
    status: CampaignSendStatus;
    planned_for: Date | null;
    sent_at: Date | null;
    reason: string | null;
    reason_code: string | null;
    /** While a delivery has the send in hand: until then no other delivery may send it. */
    claimed_until: Generated<Date | null>;
  };
  campaign_click: {
    id: Generated<string>;
    send_id: string;
    url: string;
    clicked_at: Date;
  };
}

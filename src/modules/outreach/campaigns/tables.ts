import type { Generated } from 'kysely';

export const campaignStatuses = ['draft', 'scheduled', 'sending', 'done'] as const;
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
  };
  campaign_send: {
    id: string;
    campaign_id: string;
    customer_id: string;
    arm: string;
    status: CampaignSendStatus;
    planned_for: Date | null;
    sent_at: Date | null;
    reason: string | null;
    reason_code: string | null;
  };
  campaign_click: {
    id: Generated<string>;
    send_id: string;
    url: string;
    clicked_at: Date;
  };
}

import type { Selectable } from 'kysely';
import type { CampaignView, Schedule, Trigger } from './schemas.ts';
import type { CampaignTables } from './tables.ts';

export const campaignOf = (
  r: Selectable<CampaignTables['campaign']>,
  holdoutShare: number,
): CampaignView => ({
  id: r.id,
  kind: r.kind,
  schedule: (r.schedule as Schedule | null) ?? null,
  trigger: (r.trigger as Trigger | null) ?? null,
  name: r.name,
  segmentId: r.segment_id,
  purpose: r.purpose,
  subject: r.subject,
  body: r.body,
  sendWindow: { start: r.window_start, end: r.window_end },
  programId: r.program_id,
  holdoutShare,
  status: r.status,
  createdAt: r.created_at,
  launchedAt: r.launched_at,
});

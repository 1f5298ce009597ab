import type { Kysely } from 'kysely';
import type { Database } from '../../kernel/db/database.ts';
import { type LoadedSurvey, loadSurveyVersion } from './load-survey-version.ts';
import type { SurveyView } from './schemas.ts';

export function toSurveyView({ survey: s, version, content }: LoadedSurvey): SurveyView {
  return {
    ...content,
    id: s.id,
    name: s.name,
    status: s.status,
    version,
    incentive: s.incentive ?? null,
    reminderAfterDays: s.reminder_after_days,
    linkValidDays: s.link_valid_days,
    anonymousForm: s.anonymous_form,
    anonymousInScores: s.anonymous_in_scores,
    anonymousPerAddressHour: s.anonymous_per_address_hour,
    anonymousPerDay: s.anonymous_per_day,
    createdAt: s.created_at,
    updatedAt: s.updated_at,
  };
}

export async function getSurvey(
  ctx: { db: Kysely<Database> },
  id: string,
  version?: number,
): Promise<SurveyView> {
  return toSurveyView(await loadSurveyVersion(ctx, id, version));
}

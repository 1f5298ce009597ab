import type { Selectable } from 'kysely';
import type { SurveyContent } from '../../feedback/index.ts';
import type { PulseTables } from '../tables.ts';
import type { PulseView } from './schemas.ts';

export type PulseRow = Selectable<PulseTables['people_pulse']>;

/** The API's view of a stored pulse. */
export function pulseOf(row: PulseRow): PulseView {
  const content = row.content as SurveyContent;
  return {
    id: row.id,
    name: row.name,
    title: content.title,
    intro: content.intro ?? null,
    thanks: content.thanks ?? null,
    questions: content.questions.map((q) => ({ id: q.id, type: q.type, text: q.text })),
    teamIds: row.team_ids,
    schedule: {
      firstRoundAt: row.first_round_at,
      repeatEveryDays: row.repeat_every_days,
      roundOpenDays: row.round_open_days,
    },
    nextRoundAt: row.next_round_at,
    status: row.status,
    createdAt: row.created_at,
  };
}

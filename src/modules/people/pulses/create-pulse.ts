import { v7 as uuidv7 } from 'uuid';
import type { Ctx } from '../../../kernel/context.ts';
import { AppError } from '../../../kernel/errors.ts';
import type { SurveyContent } from '../../feedback/index.ts';
import { loadRoster } from '../../staff/index.ts';
import { pulseOf } from './pulse-of.ts';
import { ENPS_ID, type PulseInput, type PulseView } from './schemas.ts';

// A browser's "now" reaches the server a moment later: a first round a minute ago still means now.
const GRACE_MS = 60_000;

/**
 * Saves a pulse: the eNPS question first, then the few questions given, asked of the named
 * teams (or everyone). A first round in the past is refused: it would never be "due" in the way
 * the person meant, and silently opening it at once surprises more than a clear 400.
 */
export async function createPulse(ctx: Pick<Ctx, 'db' | 'clock'>, input: PulseInput): Promise<PulseView> {
  const now = ctx.clock.now();
  if (input.schedule.firstRoundAt.getTime() < now.getTime() - GRACE_MS)
    throw new AppError(
      'bad_request',
      `The first round (${input.schedule.firstRoundAt.toISOString()}) is in the past; choose a time from now on`,
    );
  const roster = await loadRoster(ctx);
  const unknown = input.teamIds.filter((id) => !roster.teams.has(id));
  if (unknown.length) throw new AppError('bad_request', `Unknown team: ${unknown.join(', ')}`);
  const content: SurveyContent = {
    title: input.title,
    ...(input.intro ? { intro: input.intro } : {}),
    ...(input.thanks ? { thanks: input.thanks } : {}),
    questions: [{ id: ENPS_ID, type: 'nps', text: input.enpsQuestion }, ...input.questions],
  };
  const row = await ctx.db
    .insertInto('people_pulse')
    .values({
      id: uuidv7(),
      name: input.name,
      content: JSON.stringify(content),
      team_ids: [...new Set(input.teamIds)],
      first_round_at: input.schedule.firstRoundAt,
      repeat_every_days: input.schedule.repeatEveryDays,
      round_open_days: input.schedule.roundOpenDays,
      next_round_at: input.schedule.firstRoundAt,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return pulseOf(row);
}

import type { Ctx } from '../../../kernel/context.ts';
import type { SurveyContent } from '../../feedback/index.ts';
import { readPulseToken } from './pulse-links.ts';

export type PulseLink =
  | { state: 'invalid' | 'expired' | 'closed' | 'answered'; content?: SurveyContent }
  | { state: 'open'; invitationId: string; content: SurveyContent };

/** What a pulse link leads to now: the round's questions while it is open and unanswered. */
export async function openPulseLink(
  ctx: Pick<Ctx, 'db' | 'config' | 'clock'>,
  token: string,
): Promise<PulseLink> {
  const now = ctx.clock.now();
  const read = await readPulseToken(ctx, token, now);
  if (!read.ok) return { state: read.reason === 'expired' ? 'expired' : 'invalid' };
  const inv = await ctx.db
    .selectFrom('people_pulse_invitation as i')
    .innerJoin('people_pulse_round as r', 'r.id', 'i.round_id')
    .select(['i.id', 'i.status', 'r.content', 'r.closes_at', 'r.closed_early_at'])
    .where('i.id', '=', read.invitationId)
    .executeTakeFirst();
  if (!inv) return { state: 'invalid' };
  const content = inv.content as SurveyContent;
  if (inv.status === 'answered') return { state: 'answered', content };
  if (inv.closed_early_at || inv.closes_at <= now) return { state: 'closed', content };
  return { state: 'open', invitationId: inv.id, content };
}

import type { Ctx } from '../../../kernel/context.ts';
import { loadRoster } from '../../staff/index.ts';
import { buildScorecard } from '../scorecards/build-scorecard.ts';
import { buildResults } from './build-results.ts';
import { getPulse } from './get-pulse.ts';
import type { PulseTrend } from './schemas.ts';

const DAY_MS = 86_400_000;
// Each point is a scorecard over the team's book: a trend reads the last dozen rounds.
const POINTS = 12;

/**
 * The manager's view: each team's eNPS per closed round (hidden under the same minimum group
 * rule as the results) beside the CSAT and retention-against-expected of the customers the team
 * serves over the `days` before the round opened, from the team's scorecard (credit by
 * ownership at the time; not re-derived here).
 */
export async function buildTrend(
  ctx: Pick<Ctx, 'db' | 'clock'>,
  pulseId: string,
  days: number,
): Promise<PulseTrend> {
  const pulse = await getPulse(ctx, pulseId);
  const [results, roster] = await Promise.all([buildResults(ctx, pulseId, {}), loadRoster(ctx)]);
  const rounds = results.rounds
    .filter((r) => r.closed)
    .slice(0, POINTS)
    .reverse();
  const teamIds = pulse.teamIds.length
    ? pulse.teamIds
    : [...new Set(rounds.flatMap((r) => r.teams.flatMap((t) => (t.teamId ? [t.teamId] : []))))];
  const teams = [];
  for (const teamId of teamIds) {
    const staffIds = [...roster.staff.values()].filter((m) => m.teamId === teamId).map((m) => m.id);
    const points = [];
    for (const r of rounds) {
      const cell = r.teams.find((t) => t.teamId === teamId);
      const card = await buildScorecard(ctx, {
        staffIds,
        from: new Date(r.opensAt.getTime() - days * DAY_MS),
        to: r.opensAt,
        detail: false,
      });
      const { csat, retention } = card.total.card;
      points.push({
        roundId: r.id,
        number: r.number,
        opensAt: r.opensAt,
        enps: cell?.shown ? cell.enps : null,
        enpsShown: cell?.shown ?? false,
        csat,
        retention,
      });
    }
    teams.push({ teamId, teamName: roster.teams.get(teamId)?.name ?? teamId, points });
  }
  teams.sort((a, b) => a.teamName.localeCompare(b.teamName));
  return { pulseId, days, teams };
}

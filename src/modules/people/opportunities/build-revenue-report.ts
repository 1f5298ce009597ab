import type { Ctx } from '../../../kernel/context.ts';
import { loadRoster } from '../../staff/index.ts';
import { type Opportunity, opportunityOf } from './opportunity-of.ts';

type Money = { currency: string; minor: number };
type Tally = { flagged: number; won: number; lost: number; revenue: Money[] };

const MAX_WON_ROWS = 500;

const empty = (): Tally => ({ flagged: 0, won: 0, lost: 0, revenue: [] });

function add(t: Tally, k: 'flagged' | 'won' | 'lost', n: number, money?: Money): void {
  t[k] += n;
  if (!money) return;
  const m = t.revenue.find((r) => r.currency === money.currency);
  if (m) m.minor += money.minor;
  else t.revenue.push({ ...money });
}

/**
 * Service-originated revenue over `[from, to)`: per rep, per team and in total, the opportunities
 * flagged in the period, those won (converted by a purchase in the period; revenue is the
 * purchase as recorded, per currency) and those lost. Teams are the reps' teams today. The won
 * opportunities behind the revenue come along (one rep's with `repId`), as the drill-down.
 */
export async function buildRevenueReport(
  ctx: Pick<Ctx, 'db'>,
  q: { from: Date; to: Date; teamId?: string; repId?: string },
) {
  const roster = await loadRoster(ctx);
  const inTeam = (repId: string) => !q.teamId || roster.staff.get(repId)?.teamId === q.teamId;
  const [flagged, won, lost] = await Promise.all([
    ctx.db
      .selectFrom('people_opportunity')
      .select((eb) => ['rep_id', eb.fn.countAll<number>().as('n')])
      .where('flagged_at', '>=', q.from)
      .where('flagged_at', '<', q.to)
      .groupBy('rep_id')
      .execute(),
    ctx.db
      .selectFrom('people_opportunity')
      .select((eb) => [
        'rep_id',
        'won_currency',
        eb.fn.countAll<number>().as('n'),
        eb.fn.sum<number>('won_amount_minor').as('minor'),
      ])
      .where('stage', '=', 'won')
      .where('won_at', '>=', q.from)
      .where('won_at', '<', q.to)
      .groupBy(['rep_id', 'won_currency'])
      .execute(),
    ctx.db
      .selectFrom('people_opportunity')
      .select((eb) => ['rep_id', eb.fn.countAll<number>().as('n')])
      .where('stage', '=', 'lost')
      .where('stage_at', '>=', q.from)
      .where('stage_at', '<', q.to)
      .groupBy('rep_id')
      .execute(),
  ]);
  const reps = new Map<string, Tally>();
  const tallyOf = (repId: string) => {
    let t = reps.get(repId);
    if (!t) reps.set(repId, (t = empty()));
    return t;
  };
  for (const r of flagged) if (inTeam(r.rep_id)) add(tallyOf(r.rep_id), 'flagged', Number(r.n));
  for (const r of won)
    if (inTeam(r.rep_id))
      add(tallyOf(r.rep_id), 'won', Number(r.n), { currency: r.won_currency ?? '', minor: Number(r.minor) });
  for (const r of lost) if (inTeam(r.rep_id)) add(tallyOf(r.rep_id), 'lost', Number(r.n));

  const total = empty();
  const teams = new Map<string | null, Tally>();
  const repRows = [...reps].map(([repId, t]) => {
    const member = roster.staff.get(repId);
    const teamId = member?.teamId ?? null;
    let team = teams.get(teamId);
    if (!team) teams.set(teamId, (team = empty()));
    for (const into of [team, total]) {
      add(into, 'flagged', t.flagged);
      add(into, 'lost', t.lost);
      into.won += t.won;
      for (const m of t.revenue) add(into, 'won', 0, m);
    }
    return { repId, name: member?.name ?? repId, teamId, ...t };
  });
  repRows.sort((a, b) => b.won - a.won || a.name.localeCompare(b.name));

  let wonRows = ctx.db
    .selectFrom('people_opportunity as o')
    .innerJoin('customer as c', 'c.id', 'o.customer_id')
    .selectAll('o')
    .select('c.name as customer_name')
    .where('o.stage', '=', 'won')
    .where('o.won_at', '>=', q.from)
    .where('o.won_at', '<', q.to);
  if (q.repId) wonRows = wonRows.where('o.rep_id', '=', q.repId);
  if (q.teamId) {
    // In SQL, so a team's list is not cut short by other teams' rows before the limit.
    const members = [...roster.staff.values()].filter((m) => m.teamId === q.teamId).map((m) => m.id);
    wonRows = wonRows.where('o.rep_id', 'in', members.length ? members : [q.teamId]);
  }
  const wonList: Opportunity[] = (
    await wonRows.orderBy('o.won_at', 'desc').limit(MAX_WON_ROWS).execute()
  ).map(opportunityOf);

  return {
    from: q.from,
    to: q.to,
    total,
    reps: repRows,
    teams: [...teams].map(([teamId, t]) => ({
      teamId,
      name: teamId ? (roster.teams.get(teamId)?.name ?? teamId) : 'No team',
      ...t,
    })),
    won: wonList,
  };
}

import type { Ctx } from '../../../kernel/context.ts';
import { AppError } from '../../../kernel/errors.ts';
import { type Answer, type SurveyContent, scales } from '../../feedback/index.ts';
import { loadRoster } from '../../staff/index.ts';
import { getPulse } from './get-pulse.ts';
import {
  type GroupResult,
  MIN_GROUP,
  type PulseResults,
  type ResultsQuery,
  type RoundResult,
} from './schemas.ts';
import { shownCells } from './shown-cells.ts';

type Row = { team_id: string | null; enps: number; answers: unknown; themes: string[] };
const ROUNDS = 52;
// 52 rounds of a large organisation; results are aggregates, so this is a bound, not a page.
const MAX_ANSWERS = 200_000;
const NO_TEAM = 'none';
const round1 = (x: number) => Math.round(x * 10) / 10;
const isScore = (t: string) => t in scales;

const hiddenGroup = (content: SurveyContent): GroupResult => ({
  shown: false,
  n: null,
  enps: null,
  questions: content.questions
    .filter((q) => isScore(q.type))
    .map((q) => ({ id: q.id, text: q.text, type: q.type, shown: false, n: null, average: null })),
  themes: [],
});

/** The scores each answer gave, per question. */
function scoresOf(rows: Row[], questionId: string): number[] {
  return rows.flatMap((r) =>
    (r.answers as Answer[]).flatMap((a) =>
      a.questionId === questionId && a.score !== undefined ? [a.score] : [],
    ),
  );
}

function groupOf(content: SurveyContent, rows: Row[], shownQuestions: Set<string>): GroupResult {
  const n = rows.length;
  const promoters = rows.filter((r) => r.enps >= 9).length;
  const detractors = rows.filter((r) => r.enps <= 6).length;
  const themes = new Map<string, number>();
  for (const r of rows) for (const t of r.themes) themes.set(t, (themes.get(t) ?? 0) + 1);
  return {
    shown: true,
    n,
    enps: round1((100 * (promoters - detractors)) / n),
    questions: content.questions
      .filter((q) => isScore(q.type))
      .map((q) => {
        const s = scoresOf(rows, q.id);
        const shown = shownQuestions.has(q.id);
        return {
          id: q.id,
          text: q.text,
          type: q.type,
          shown,
          n: shown ? s.length : null,
          average: shown ? Math.round((100 * s.reduce((x, y) => x + y, 0)) / s.length) / 100 : null,
        };
      }),
    themes: [...themes]
      .map(([slug, count]) => ({ slug, count }))
      .sort((a, b) => b.count - a.count || a.slug.localeCompare(b.slug)),
  };
}

/** One closed round: every team cell and the total, each measure suppressed on its own. */
function roundGroups(content: SurveyContent, rows: Row[], teamNames: Map<string, string>) {
  const byTeam = new Map<string, Row[]>();
  for (const r of rows) {
    const k = r.team_id ?? NO_TEAM;
    byTeam.set(k, [...(byTeam.get(k) ?? []), r]);
  }
  const cells = (n: (rs: Row[]) => number) => [...byTeam].map(([key, rs]) => ({ key, n: n(rs) }));
  const shownTeams = shownCells(cells((rs) => rs.length));
  const scoreQuestions = content.questions.filter((q) => isScore(q.type));
  const shownByQuestion = new Map(
    scoreQuestions.map((q) => [q.id, shownCells(cells((rs) => scoresOf(rs, q.id).length))]),
  );
  const teams = [...byTeam]
    .map(([key, rs]) => {
      const head = { teamId: key === NO_TEAM ? null : key, teamName: teamNames.get(key) ?? 'No team' };
      if (!shownTeams.has(key)) return { ...head, ...hiddenGroup(content) };
      const qs = new Set(scoreQuestions.filter((q) => shownByQuestion.get(q.id)?.has(key)).map((q) => q.id));
      return { ...head, ...groupOf(content, rs, qs) };
    })
    .sort((a, b) => a.teamName.localeCompare(b.teamName));
  const totalQs = new Set(
    scoreQuestions.filter((q) => scoresOf(rows, q.id).length >= MIN_GROUP).map((q) => q.id),
  );
  const total = rows.length >= MIN_GROUP ? groupOf(content, rows, totalQs) : hiddenGroup(content);
  return { total, teams };
}

/**
 * Anonymous results of a pulse: eNPS, question averages and comment themes per team per
 * round, and each round's total. Only closed rounds have results, so watching numbers change
 * as answers arrive cannot single one out. Any group with fewer than MIN_GROUP answers is
 * hidden (shownCells, with complementary suppression). Filters pick among groups computed
 * whole; they never compute a narrower group, so no filter can show fewer than MIN_GROUP.
 */
export async function buildResults(
  ctx: Pick<Ctx, 'db' | 'clock'>,
  pulseId: string,
  q: ResultsQuery,
): Promise<PulseResults> {
  await getPulse(ctx, pulseId);
  const now = ctx.clock.now();
  let roundsQuery = ctx.db
    .selectFrom('people_pulse_round')
    .selectAll()
    .where('pulse_id', '=', pulseId)
    .orderBy('number', 'desc')
    .limit(ROUNDS);
  if (q.roundId) roundsQuery = roundsQuery.where('id', '=', q.roundId);
  const rounds = await roundsQuery.execute();
  if (q.roundId && !rounds.length)
    throw new AppError('not_found', `Round ${q.roundId} does not exist in this pulse`);
  const ids = rounds.map((r) => r.id);
  const closedIds = rounds.filter((r) => r.closed_early_at || r.closes_at <= now).map((r) => r.id);
  const [counts, answers, roster] = await Promise.all([
    ids.length
      ? ctx.db
          .selectFrom('people_pulse_invitation')
          .select(['round_id', 'status', (eb) => eb.fn.countAll<string>().as('n')])
          .where('round_id', 'in', ids)
          .groupBy(['round_id', 'status'])
          .execute()
      : [],
    closedIds.length
      ? ctx.db
          .selectFrom('people_pulse_answer')
          .select(['round_id', 'team_id', 'enps', 'answers', 'themes'])
          .where('round_id', 'in', closedIds)
          .limit(MAX_ANSWERS)
          .execute()
      : [],
    loadRoster(ctx),
  ]);
  const teamNames = new Map([...roster.teams.values()].map((t) => [t.id, t.name]));
  const results: RoundResult[] = rounds.map((r) => {
    const content = r.content as SurveyContent;
    const mine = counts.filter((c) => c.round_id === r.id);
    const closed = closedIds.includes(r.id);
    const head = {
      id: r.id,
      number: r.number,
      opensAt: r.opens_at,
      closesAt: r.closed_early_at ?? r.closes_at,
      closed,
      invited: mine.reduce((s, c) => s + Number(c.n), 0),
      answered: Number(mine.find((c) => c.status === 'answered')?.n ?? 0),
    };
    if (!closed) return { ...head, total: null, teams: [] };
    const g = roundGroups(
      content,
      answers.filter((a) => a.round_id === r.id),
      teamNames,
    );
    let { total, teams }: { total: GroupResult | null; teams: RoundResult['teams'] } = g;
    if (q.teamId) {
      teams = teams.filter((t) => t.teamId === q.teamId);
      total = null;
    }
    if (q.questionId) {
      const only = (x: GroupResult) => ({
        ...x,
        questions: x.questions.filter((y) => y.id === q.questionId),
      });
      teams = teams.map((t) => ({ ...t, ...only(t) }));
      total = total && only(total);
    }
    return { ...head, total, teams };
  });
  return { pulseId, minGroupSize: MIN_GROUP, rounds: results };
}

import type { Ctx } from '../../../kernel/context.ts';
import { csvCell } from '../../feedback/index.ts';
import { buildResults } from './build-results.ts';
import { type GroupResult, MIN_GROUP, type ResultsQuery } from './schemas.ts';

const HIDDEN = `hidden: fewer than ${MIN_GROUP} answers`;

/**
 * The results as CSV, one line per round × group × measure: exactly what the API shows
 * (the same suppressed groups, the same filters); individual answers are never exported.
 */
export async function exportResultsCsv(
  ctx: Pick<Ctx, 'db' | 'clock'>,
  pulseId: string,
  q: ResultsQuery,
): Promise<string> {
  const results = await buildResults(ctx, pulseId, q);
  const lines = [['round', 'opens_at', 'team', 'measure', 'n', 'value', 'note'].map(csvCell).join(',')];
  const add = (cells: unknown[]) => lines.push(cells.map(csvCell).join(','));
  for (const r of results.rounds) {
    if (!r.closed) continue;
    const groups: [string, GroupResult][] = [
      ...(r.total ? [['(all teams)', r.total] as [string, GroupResult]] : []),
      ...r.teams.map((t) => [t.teamName, t] as [string, GroupResult]),
    ];
    for (const [team, g] of groups) {
      const base = [r.number, r.opensAt, team];
      add(g.shown ? [...base, 'enps', g.n, g.enps, ''] : [...base, 'enps', '', '', HIDDEN]);
      for (const x of g.questions)
        add(
          x.shown
            ? [...base, `question:${x.id}`, x.n, x.average, '']
            : [...base, `question:${x.id}`, '', '', HIDDEN],
        );
      for (const t of g.themes) add([...base, `theme:${t.slug}`, g.n, t.count, '']);
    }
  }
  return `${lines.join('\r\n')}\r\n`;
}

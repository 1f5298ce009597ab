import { MIN_GROUP } from './schemas.ts';

/**
 * Which cells of one measure (teams of a round) may be shown. A cell with fewer than
 * MIN_GROUP answers is hidden; and when the hidden cells hold fewer than MIN_GROUP answers
 * together, the smallest shown cells are hidden too until they hold at least MIN_GROUP
 * (complementary suppression), because the round's total minus the shown teams would otherwise
 * give the small group's result by subtraction.
 */
export function shownCells(cells: { key: string; n: number }[], min = MIN_GROUP): Set<string> {
  const present = cells.filter((c) => c.n > 0);
  let hidden = present.filter((c) => c.n < min).reduce((s, c) => s + c.n, 0);
  const shown = present.filter((c) => c.n >= min).sort((a, b) => a.n - b.n || a.key.localeCompare(b.key));
  while (hidden > 0 && hidden < min && shown.length) hidden += (shown.shift() as { n: number }).n;
  return new Set(shown.map((c) => c.key));
}

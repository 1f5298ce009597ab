import type { Ctx } from '../../../kernel/context.ts';
import { getCustomerNames } from '../../customers/index.ts';
import { loadRoster } from '../../staff/index.ts';
import { collectCredits } from './collect-credits.ts';
import { type Card, type Credits, summarizeCard } from './summarize-card.ts';

export type RepCard = {
  staffId: string;
  name: string;
  card: Card;
  previous: Card;
  /** The facts behind each number (drill-down), when asked for. */
  detail?: Credits & { customerNames: Record<string, string | null> };
};
export type Scorecard = {
  from: Date;
  to: Date;
  previousFrom: Date;
  reps: RepCard[];
  total: { card: Card; previous: Card };
};

const merge = (all: Credits[]): Credits => ({
  responses: all.flatMap((c) => c.responses),
  cases: all.flatMap((c) => c.cases),
  promises: all.flatMap((c) => c.promises),
  book: all.flatMap((c) => c.book),
});

/**
 * Scorecards of these reps over [from, to), each beside the same-length period just before
 * (compare periods), and their total (a team's card). Ranking is by quality; volume is context.
 */
export async function buildScorecard(
  ctx: Pick<Ctx, 'db'>,
  q: { staffIds: string[]; from: Date; to: Date; detail: boolean },
): Promise<Scorecard> {
  const previousFrom = new Date(q.from.getTime() - (q.to.getTime() - q.from.getTime()));
  const [roster, now, before] = await Promise.all([
    loadRoster(ctx),
    collectCredits(ctx, q.staffIds, q.from, q.to),
    collectCredits(ctx, q.staffIds, previousFrom, q.from),
  ]);
  const names = q.detail
    ? await getCustomerNames(
        ctx,
        [...now.values()].flatMap((c) =>
          [...c.responses, ...c.cases, ...c.promises, ...c.book].map((x) => x.customerId),
        ),
      )
    : new Map<string, string | null>();
  const reps = q.staffIds.map((staffId) => {
    const credits = now.get(staffId) as Credits;
    const mine = new Set(
      [...credits.responses, ...credits.cases, ...credits.promises, ...credits.book].map((x) => x.customerId),
    );
    return {
      staffId,
      name: roster.staff.get(staffId)?.name ?? staffId,
      card: summarizeCard(credits),
      previous: summarizeCard(before.get(staffId) as Credits),
      ...(q.detail
        ? {
            detail: {
              ...credits,
              customerNames: Object.fromEntries([...mine].map((id) => [id, names.get(id) ?? null])),
            },
          }
        : {}),
    };
  });
  return {
    from: q.from,
    to: q.to,
    previousFrom,
    reps,
    total: {
      card: summarizeCard(merge([...now.values()])),
      previous: summarizeCard(merge([...before.values()])),
    },
  };
}

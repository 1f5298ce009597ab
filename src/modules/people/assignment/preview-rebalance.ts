import type { Ctx } from '../../../kernel/context.ts';
import { AppError } from '../../../kernel/errors.ts';
import { listCustomerTraits } from '../../customers/index.ts';
import { loadRoster } from '../../staff/index.ts';
import { bookLoads, clvOf } from './book-loads.ts';
import { type Load, planAssignment } from './plan-assignment.ts';

export const MAX_REBALANCE = 5000;

export type RebalanceRequest = {
  fromStaffId: string;
  toStaffIds: string[];
  /** Move only this many (an overloaded rep); all of the book when absent (a rep who leaves). */
  count?: number;
};
export type Move = { customerId: string; toStaffId: string; clvMinor: number };
export type RebalancePreview = { fromStaffId: string; moves: Move[]; loadsAfter: Load[] };

/**
 * Who would go to whom, without changing anything. An overloaded rep keeps their most valuable
 * relationships: the lowest-CLV customers move first. The receivers are balanced as assignment
 * balances (count, then CLV), counting the books they already have.
 */
export async function previewRebalance(
  ctx: Pick<Ctx, 'db' | 'clock'>,
  req: RebalanceRequest,
): Promise<RebalancePreview> {
  const roster = await loadRoster(ctx);
  if (!roster.staff.has(req.fromStaffId))
    throw new AppError('validation_failed', `fromStaffId: no staff member ${req.fromStaffId}`);
  const targets = [...new Set(req.toStaffIds)].filter((s) => s !== req.fromStaffId).sort();
  if (!targets.length) throw new AppError('validation_failed', 'toStaffIds: name at least one other rep');
  for (const t of targets) {
    const m = roster.staff.get(t);
    if (!m) throw new AppError('validation_failed', `toStaffIds: no staff member ${t}`);
    if (!m.active) throw new AppError('validation_failed', `toStaffIds: ${m.name} is deactivated`);
  }
  const book = await listCustomerTraits(ctx, { ownerIds: [req.fromStaffId], limit: MAX_REBALANCE + 1 });
  if (book.length > MAX_REBALANCE)
    throw new AppError(
      'validation_failed',
      `the book has over ${MAX_REBALANCE} customers; move them in steps with count`,
    );
  const clv = await clvOf(
    ctx,
    book.map((c) => c.id),
  );
  const ranked = book
    .map((c) => ({ id: c.id, clvMinor: clv.get(c.id) ?? 0 }))
    .sort((a, b) => a.clvMinor - b.clvMinor || a.id.localeCompare(b.id));
  const moving = req.count === undefined ? ranked : ranked.slice(0, req.count);
  const loads = await bookLoads(ctx, targets);
  const plan = planAssignment(moving, loads, targets);
  return {
    fromStaffId: req.fromStaffId,
    moves: moving.map((c) => ({
      customerId: c.id,
      toStaffId: plan.get(c.id) as string,
      clvMinor: c.clvMinor,
    })),
    loadsAfter: [...loads.values()],
  };
}

import type { Ctx } from '../../../kernel/context.ts';
import type { Db } from '../../../kernel/db/pool.ts';
import { AppError } from '../../../kernel/errors.ts';
import { type Actor, assignOwner, listCustomerTraits } from '../../customers/index.ts';
import { checkTemplate } from '../../outreach/index.ts';
import { type IntroTemplate, queueIntroEmails } from './queue-intro-emails.ts';

export type RebalanceApply = {
  fromStaffId: string;
  moves: { customerId: string; toStaffId: string }[];
  /** The hand-over note written on each moved customer's timeline. */
  note?: string;
  /** An introduction email from the new rep to each moved customer (Liquid, as campaigns). */
  introEmail?: IntroTemplate;
};

/**
 * Applies the moves of a preview (the client sends back what it was shown, so what is applied is
 * what was previewed). A customer who meanwhile got another owner refuses the whole request (409)
 * before anything changes; one already with its new owner is skipped, so applying twice is
 * harmless. Each receiver's batch goes through customers' assignOwner: timeline entry with who,
 * why and the note, ownership history, and the audit entry (`audit`) in the same transaction,
 * and with `introEmail` one queued introduction per moved customer (sent by a job, consent and
 * budget asked at sending). A template that does not parse is a 400 before anything moves.
 */
export async function applyRebalance(
  ctx: Pick<Ctx, 'db' | 'clock' | 'queue'>,
  req: RebalanceApply,
  actor: Actor,
  audit?: (trx: Db, toStaffId: string, customerIds: string[]) => Promise<void>,
): Promise<{ moved: number; skipped: number }> {
  const intro = req.introEmail;
  if (intro) {
    checkTemplate('subject', intro.subject);
    checkTemplate('body', intro.body);
  }
  const ids = req.moves.map((m) => m.customerId);
  const current = new Map(
    (await listCustomerTraits(ctx, { ids, limit: ids.length })).map((c) => [c.id, c.ownerId]),
  );
  const stale = req.moves.filter((m) => {
    const owner = current.get(m.customerId);
    return owner !== req.fromStaffId && owner !== m.toStaffId;
  });
  if (stale.length)
    throw new AppError(
      'conflict',
      `${stale.length} of the customers are no longer owned by this rep (or no longer exist); preview again. Nothing was changed.`,
      { customerIds: stale.slice(0, 20).map((m) => m.customerId) },
    );
  const byTarget = new Map<string, string[]>();
  for (const m of req.moves)
    if (current.get(m.customerId) === req.fromStaffId)
      byTarget.set(m.toStaffId, [...(byTarget.get(m.toStaffId) ?? []), m.customerId]);
  let moved = 0;
  for (const [toStaffId, customerIds] of byTarget) {
    const notes = req.note
      ? Object.fromEntries(customerIds.map((id) => [id, req.note as string]))
      : undefined;
    const r = await assignOwner(
      ctx,
      { customerIds, ownerId: toStaffId, onlyFrom: req.fromStaffId, reason: 'rebalanced', notes },
      actor,
      async (trx, res) => {
        await audit?.(trx, toStaffId, res.changedIds);
        if (intro)
          await queueIntroEmails(
            ctx,
            trx,
            { fromStaffId: req.fromStaffId, toStaffId, customerIds: res.changedIds },
            intro,
          );
      },
    );
    moved += r.changedIds.length;
  }
  return { moved, skipped: req.moves.length - moved };
}

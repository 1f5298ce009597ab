import { createHash } from 'node:crypto';
import type { Ctx } from '../../../kernel/context.ts';
import { AppError } from '../../../kernel/errors.ts';
import type { Arm, ProgramKind } from '../tables.ts';
import { defaultHoldoutShare, GLOBAL_CONTROL_ID } from './programs.ts';

/**
 * A uniform number in [0, 1) fixed by the program and the customer: the same customer always
 * draws the same number for the same program, and draws for different programs are independent.
 */
export function armDraw(programId: string, customerId: string): number {
  return createHash('sha256').update(`${programId}:${customerId}`).digest().readUIntBE(0, 6) / 2 ** 48;
}

type Db = Ctx['db'];

/** Keeps the first arm ever written for a customer × program; a concurrent writer waits and loses. */
async function persistArm(
  db: Db,
  a: { programId: string; customerId: string; arm: Arm; at: Date; share: number },
): Promise<Arm> {
  const { programId, customerId } = a;
  const inserted = await db
    .insertInto('program_assignment')
    .values({
      customer_id: customerId,
      program_id: programId,
      arm: a.arm,
      eligible_at: a.at,
      holdout_share: a.share,
    })
    .onConflict((oc) => oc.columns(['customer_id', 'program_id']).doNothing())
    .returning('arm')
    .executeTakeFirst();
  if (inserted) return inserted.arm;
  const existing = await db
    .selectFrom('program_assignment')
    .select('arm')
    .where('customer_id', '=', customerId)
    .where('program_id', '=', programId)
    .executeTakeFirstOrThrow();
  return existing.arm;
}

export type ArmRequest = {
  programKind: ProgramKind;
  programId: string;
  customerId: string;
  /** when the customer became eligible (kept from the first call) */
  at: Date;
  /** registers the program with its kind's default share if it does not exist yet */
  register?: { key: string; name: string };
};

/**
 * Which arm a customer is in for a program: `treated` (contact them), `held-out` (record that
 * they would have been contacted, and do not) or `global-control` (in the global control group:
 * no proactive program contacts them). Deterministic (armDraw against the share) and persistent:
 * the first answer is stored with the eligibility time and returned ever after, whatever the
 * share becomes. Idempotent and safe under concurrency (unique key + ON CONFLICT DO NOTHING).
 * Pass a transaction as `db` to commit the assignment with what it decided.
 */
export async function assignArm(ctx: { db: Db }, req: ArmRequest): Promise<Arm> {
  const { db } = ctx;
  if (req.register) {
    await db
      .insertInto('outreach_program')
      .values({
        id: req.programId,
        kind: req.programKind,
        key: req.register.key,
        name: req.register.name,
        holdout_share: defaultHoldoutShare(req.programKind),
      })
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
  const rows = await db
    .selectFrom('outreach_program')
    .select(['id', 'kind', 'holdout_share'])
    .where('id', 'in', [req.programId, GLOBAL_CONTROL_ID])
    .execute();
  const program = rows.find((r) => r.id === req.programId);
  if (!program || program.kind !== req.programKind)
    throw new AppError('not_found', `${req.programKind} program ${req.programId} does not exist`);
  const globalShare = Number(rows.find((r) => r.id === GLOBAL_CONTROL_ID)?.holdout_share ?? 0);
  // A customer once drawn into the global control stays there even if the group is turned off.
  const global =
    globalShare > 0
      ? await persistArm(db, {
          programId: GLOBAL_CONTROL_ID,
          customerId: req.customerId,
          arm: armDraw(GLOBAL_CONTROL_ID, req.customerId) < globalShare ? 'global-control' : 'treated',
          at: req.at,
          share: globalShare,
        })
      : (
          await db
            .selectFrom('program_assignment')
            .select('arm')
            .where('customer_id', '=', req.customerId)
            .where('program_id', '=', GLOBAL_CONTROL_ID)
            .executeTakeFirst()
        )?.arm;
  const share = Number(program.holdout_share);
  const arm: Arm =
    global === 'global-control'
      ? 'global-control'
      : armDraw(req.programId, req.customerId) < share
        ? 'held-out'
        : 'treated';
  return persistArm(db, { programId: req.programId, customerId: req.customerId, arm, at: req.at, share });
}

import { createHash } from 'node:crypto';
import { sql } from 'kysely';
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

export type ArmRequest = {
  programKind: ProgramKind;
  programId: string;
  customerId: string;
  /** when the customer became eligible (kept from the first call) */
  at: Date;
  /** registers the program with its kind's default share if it does not exist yet */
  register?: { key: string; name: string };
};

export type ArmsRequest = Omit<ArmRequest, 'customerId'> & {
  customerIds: readonly string[];
  /** a customer's own eligibility time where it is not `at` (each event's moment for a trigger) */
  eligibleAt?: ReadonlyMap<string, Date>;
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
  const { customerId, ...rest } = req;
  const arms = await assignArms(ctx, { ...rest, customerIds: [customerId] });
  return arms.get(customerId) as Arm;
}

/**
 * assignArm for many customers of one program at once (a campaign's page of members): the same
 * draws and the same stored rows, written and read back by one statement instead of four per
 * customer. Returns each customer's arm.
 */
export async function assignArms(ctx: { db: Db }, req: ArmsRequest): Promise<Map<string, Arm>> {
  const { db } = ctx;
  const nothing = sql`select id, kind, holdout_share from outreach_program where false`;
  // The program and the global control group in one statement, registering the program first
  // when asked: the CTE's row is not visible to the same statement's read of the table, so the
  // union has the program once, whether it was just inserted or already there.
  const registered = req.register
    ? sql`insert into outreach_program (id, kind, key, name, holdout_share)
        values (${req.programId}, ${req.programKind}, ${req.register.key}, ${req.register.name},
          ${defaultHoldoutShare(req.programKind)})
        on conflict do nothing returning id, kind, holdout_share`
    : nothing;
  const read = async (register: typeof registered) =>
    (
      await sql<{ id: string; kind: string; holdout_share: string | number }>`
        with registered as (${register})
        select id, kind, holdout_share from registered
        union all
        select id, kind, holdout_share from outreach_program
        where id in (${req.programId}, ${GLOBAL_CONTROL_ID})`.execute(db)
    ).rows;
  let rows = await read(registered);
  // A concurrent registration committed while this statement waited on its conflict: the row is
  // not in this statement's snapshot, but the next statement sees it.
  if (req.register && !rows.some((r) => r.id === req.programId)) rows = await read(nothing);
  const program = rows.find((r) => r.id === req.programId);
  if (!program || program.kind !== req.programKind)
    throw new AppError('not_found', `${req.programKind} program ${req.programId} does not exist`);
  const globalShare = Number(rows.find((r) => r.id === GLOBAL_CONTROL_ID)?.holdout_share ?? 0);
  const share = Number(program.holdout_share);
  const arms = new Map<string, Arm>();
  let todo = [...new Set(req.customerIds)];
  // A row a concurrent writer commits while the statement runs is skipped by ON CONFLICT but not
  // visible to the statement's own read: those customers are decided again by a fresh statement,
  // which sees the winner's row (it takes two rounds at most).
  while (todo.length) {
    const decided = await persistArms(db, {
      programId: req.programId,
      customerIds: todo,
      at: todo.map((id) => req.eligibleAt?.get(id) ?? req.at),
      share,
      globalShare,
    });
    for (const r of decided) if (r.arm) arms.set(r.customer_id, r.arm);
    todo = todo.filter((id) => !arms.has(id));
  }
  return arms;
}

/**
 * One statement: the customers' global-control rows (drawn only while the group is on; a
 * customer once drawn into it stays there even if it is turned off), then their rows for the
 * program (global control wins over the program's own draw), each kept if it already exists.
 * A customer's arm is null when a concurrent writer's row was not yet visible.
 */
async function persistArms(
  db: Db,
  a: { programId: string; customerIds: string[]; at: Date[]; share: number; globalShare: number },
): Promise<{ customer_id: string; arm: Arm | null }[]> {
  const globalArms = a.customerIds.map((id) =>
    armDraw(GLOBAL_CONTROL_ID, id) < a.globalShare ? 'global-control' : 'treated',
  );
  const programArms = a.customerIds.map((id) =>
    armDraw(a.programId, id) < a.share ? 'held-out' : 'treated',
  );
  const result = await sql<{ customer_id: string; arm: Arm | null }>`
    with input as (
      select * from unnest(${a.customerIds}::uuid[], ${a.at.map((d) => d.toISOString())}::timestamptz[],
        ${globalArms}::text[], ${programArms}::text[]) as i(customer_id, at, global_arm, program_arm)
    ),
    global_new as (
      insert into program_assignment (customer_id, program_id, arm, eligible_at, holdout_share)
      select customer_id, ${GLOBAL_CONTROL_ID}::uuid, global_arm, at, ${a.globalShare}::numeric
      from input where ${a.globalShare}::numeric > 0
      on conflict (customer_id, program_id) do nothing
      returning customer_id, arm
    ),
    global_row as (
      select i.customer_id, i.at, i.program_arm, coalesce(n.arm, g.arm) as arm,
        (n.arm is null and g.arm is null and ${a.globalShare}::numeric > 0) as unknown
      from input i
      left join global_new n on n.customer_id = i.customer_id
      left join program_assignment g on g.customer_id = i.customer_id and g.program_id = ${GLOBAL_CONTROL_ID}
    ),
    program_new as (
      insert into program_assignment (customer_id, program_id, arm, eligible_at, holdout_share)
      select customer_id, ${a.programId}::uuid,
        case when arm = 'global-control' then 'global-control' else program_arm end, at, ${a.share}::numeric
      from global_row where not unknown
      on conflict (customer_id, program_id) do nothing
      returning customer_id, arm
    )
    select i.customer_id, coalesce(n.arm, p.arm) as arm
    from input i
    left join program_new n on n.customer_id = i.customer_id
    left join program_assignment p on p.customer_id = i.customer_id and p.program_id = ${a.programId}
  `.execute(db);
  return result.rows;
}

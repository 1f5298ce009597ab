import type { Ctx } from '../../../kernel/context.ts';
import type { ProgramKind } from '../tables.ts';
import { type Program, programOf } from './programs.ts';

/** The program registry, the global control group first, then by kind and key. */
export async function listPrograms(ctx: Pick<Ctx, 'db'>, q: { kind?: ProgramKind } = {}): Promise<Program[]> {
  let query = ctx.db
    .selectFrom('outreach_program')
    .select(['id', 'kind', 'key', 'name', 'holdout_share', 'updated_at'])
    .orderBy((eb) => eb.case().when('kind', '=', 'global-control').then(0).else(1).end())
    .orderBy('kind')
    .orderBy('key');
  if (q.kind) query = query.where('kind', '=', q.kind);
  return (await query.execute()).map(programOf);
}

import { v7 as uuidv7 } from 'uuid';
import type { Ctx } from '../../../kernel/context.ts';
import { AppError, notFound } from '../../../kernel/errors.ts';
import type { ProgramKind } from '../tables.ts';
import {
  defaultHoldoutShare,
  MAX_GLOBAL_CONTROL_SHARE,
  MAX_HOLDOUT_SHARE,
  type Program,
  programOf,
} from './programs.ts';

const columns = ['id', 'kind', 'key', 'name', 'holdout_share', 'updated_at'] as const;

function checkShare(kind: Program['kind'], share: number): void {
  const max = kind === 'global-control' ? MAX_GLOBAL_CONTROL_SHARE : MAX_HOLDOUT_SHARE;
  if (!(share >= 0 && share <= max))
    throw new AppError('validation_failed', `holdoutShare: must be between 0 and ${max} for a ${kind}`);
}

/**
 * Registers a program (`id` may be the owning object's id, as a playbook's is) or, given an
 * existing id, changes its name or holdout share. A new share applies to customers who become
 * eligible from now on; nobody already assigned moves.
 */
export async function saveProgram(
  ctx: Pick<Ctx, 'db'>,
  input:
    | { id?: string; kind: ProgramKind; key: string; name: string; holdoutShare?: number; by: string | null }
    | { id: string; name?: string; holdoutShare?: number; by: string | null },
): Promise<Program> {
  if ('kind' in input) {
    const share = input.holdoutShare ?? defaultHoldoutShare(input.kind);
    checkShare(input.kind, share);
    const row = await ctx.db
      .insertInto('outreach_program')
      .values({
        id: input.id ?? uuidv7(),
        kind: input.kind,
        key: input.key,
        name: input.name,
        holdout_share: share,
        updated_by: input.by,
      })
      .onConflict((oc) =>
        oc.column('id').doUpdateSet((eb) => ({
          key: eb.ref('excluded.key'),
          name: eb.ref('excluded.name'),
          // Re-registering (a playbook renamed) keeps the share unless a new one is given.
          ...(input.holdoutShare !== undefined ? { holdout_share: eb.ref('excluded.holdout_share') } : {}),
          updated_by: eb.ref('excluded.updated_by'),
          updated_at: new Date(),
        })),
      )
      .returning(columns)
      .executeTakeFirstOrThrow();
    return programOf(row);
  }
  const current = await ctx.db
    .selectFrom('outreach_program')
    .select('kind')
    .where('id', '=', input.id)
    .executeTakeFirst();
  if (!current) throw notFound('program', input.id);
  if (input.holdoutShare !== undefined) checkShare(current.kind, input.holdoutShare);
  const row = await ctx.db
    .updateTable('outreach_program')
    .set({
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.holdoutShare !== undefined ? { holdout_share: input.holdoutShare } : {}),
      updated_by: input.by,
      updated_at: new Date(),
    })
    .where('id', '=', input.id)
    .returning(columns)
    .executeTakeFirstOrThrow();
  return programOf(row);
}

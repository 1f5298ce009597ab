import type { Ctx } from '../../../kernel/context.ts';
import type { Db } from '../../../kernel/db/pool.ts';
import { AppError, notFound } from '../../../kernel/errors.ts';
import { compileEarnRule, type EarnRule } from './compile-earn-rule.ts';

export type EarnRuleInput = { name: string; condition: string; points: string; enabled: boolean };
export type EarnRuleView = EarnRuleInput & { id: string; createdAt: Date; updatedAt: Date };

const view = (r: {
  id: string;
  name: string;
  condition: string;
  points: string;
  enabled: boolean;
  created_at: Date;
  updated_at: Date;
}): EarnRuleView => ({
  id: r.id,
  name: r.name,
  condition: r.condition,
  points: r.points,
  enabled: r.enabled,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export async function listEarnRules(db: Db): Promise<EarnRuleView[]> {
  return (
    await db.selectFrom('loyalty_earn_rule').selectAll().orderBy('created_at').orderBy('id').execute()
  ).map(view);
}

/** The enabled rules, compiled: what earning and the dry run both run. */
export async function loadEarnRules(db: Db): Promise<EarnRule[]> {
  const rows = await db.selectFrom('loyalty_earn_rule').selectAll().where('enabled', '=', true).execute();
  return rows.map((r) => compileEarnRule(r));
}

/** Creates (no id) or replaces a rule; a rule that does not compile is refused with where and why. */
export async function saveEarnRule(
  ctx: Pick<Ctx, 'db' | 'clock'>,
  input: EarnRuleInput,
  id?: string,
): Promise<EarnRuleView> {
  compileEarnRule({ id: id ?? 'new', ...input });
  const values = {
    name: input.name.trim(),
    condition: input.condition,
    points: input.points,
    enabled: input.enabled,
  };
  try {
    const row = id
      ? await ctx.db
          .updateTable('loyalty_earn_rule')
          .set({ ...values, updated_at: ctx.clock.now() })
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirst()
      : await ctx.db.insertInto('loyalty_earn_rule').values(values).returningAll().executeTakeFirst();
    if (!row) throw notFound('Earn rule', id ?? '');
    return view(row);
  } catch (err) {
    if ((err as { code?: string }).code === '23505')
      throw new AppError('conflict', `An earn rule named “${values.name}” already exists`, { field: 'name' });
    throw err;
  }
}

export async function deleteEarnRule(db: Db, id: string): Promise<void> {
  const r = await db.deleteFrom('loyalty_earn_rule').where('id', '=', id).executeTakeFirst();
  if (Number(r.numDeletedRows) === 0) throw notFound('Earn rule', id);
}

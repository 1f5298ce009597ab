import { type RawBuilder, sql } from 'kysely';
import type { Ctx } from '../../../kernel/context.ts';
import { customerSource } from '../../customers/index.ts';
import { loadRoster } from '../../staff/index.ts';
import { bad, type Checked, compileCondition, minorFactor, suggest } from './compile-condition.ts';
import {
  type Condition,
  type Definition,
  type Group,
  isGroup,
  MAX_CONDITIONS,
  MAX_DEPTH,
} from './definition.ts';
import { fieldOf, operatorsFor, segmentFields } from './field-catalogue.ts';

/** A compiled segment: one condition on `c` (customer) and `s` (scores), and the fields it names. */
export type CompiledSegment = {
  where: RawBuilder<unknown>;
  /** One column per distinct field used, for a sample that shows why each customer matched. */
  columns: { name: string; label: string; expr: RawBuilder<unknown> }[];
};

type Raw = RawBuilder<unknown>;

/** Checks a condition's field and operator against the catalogue, with "did you mean" on typos. */
function check(cond: Condition, path: string, now: Date): Checked {
  const field = fieldOf(cond.field);
  if (!field) {
    throw bad(
      path,
      `unknown field "${cond.field}".${suggest(
        cond.field,
        segmentFields.map((f) => f.key),
      )}`,
      {
        field: cond.field,
        fields: segmentFields.map((f) => f.key),
      },
    );
  }
  const ops = operatorsFor(field);
  if (!ops.includes(cond.op)) {
    throw bad(
      path,
      `${field.key} (${field.type}) has no operator "${cond.op}".${suggest(cond.op, ops)} Allowed: ${ops.join(', ')}`,
      {
        field: field.key,
        op: cond.op,
        allowed: ops,
      },
    );
  }
  if (field.type === 'money' && !cond.currency)
    throw bad(path, `${field.key} is an amount: say its currency, e.g. "currency": "EUR"`);
  if (field.type === 'money') minorFactor(cond.currency as string, path);
  if (field.type === 'custom' && !cond.key)
    throw bad(path, 'custom needs the custom field key, e.g. "key": "plan"');
  return { field, path, cond, env: { now, currency: cond.currency, key: cond.key } };
}

/** Every condition of the tree with its path ("conditions[1].conditions[0]"), bounds checked. */
function flatten(def: Definition): { cond: Condition; path: string }[] {
  const out: { cond: Condition; path: string }[] = [];
  const walk = (g: Group, path: string, depth: number) => {
    if (depth > MAX_DEPTH) throw bad(path, `groups nest at most ${MAX_DEPTH} levels deep`);
    g.conditions.forEach((item, i) => {
      const p = `${path}.conditions[${i}]`;
      if (isGroup(item)) walk(item, p, depth + 1);
      else out.push({ cond: item, path: p });
    });
  };
  walk(def, 'definition', 1);
  if (out.length > MAX_CONDITIONS)
    throw bad('definition', `a segment has at most ${MAX_CONDITIONS} conditions; this one has ${out.length}`);
  return out;
}

const columnName = (c: Condition) =>
  c.field + (c.key ? `.${c.key}` : '') + (c.currency ? ` (${c.currency})` : '');

/**
 * Compiles a segment definition into one SQL condition over the customer source of the
 * customers module, every value a bound parameter (nothing the client sent is spliced into
 * SQL text). An empty group matches everyone ("all") or no one ("any"), as in logic. Throws a
 * validation_failed AppError naming the condition's path for an unknown field or operator, a
 * value of the wrong type, or a tree over the bounds.
 */
export async function compileSegment(
  ctx: Pick<Ctx, 'db' | 'clock'>,
  def: Definition,
): Promise<CompiledSegment> {
  const now = ctx.clock.now();
  const checked = new Map<Condition, Checked>();
  for (const { cond, path } of flatten(def)) checked.set(cond, check(cond, path, now));
  const members = new Map<string, string[]>();
  if ([...checked.values()].some((c) => c.field.type === 'team')) {
    const roster = await loadRoster(ctx);
    for (const id of roster.teams.keys()) members.set(id, []);
    for (const m of roster.staff.values()) if (m.teamId) members.get(m.teamId)?.push(m.id);
  }
  const { scored } = customerSource(ctx.db);
  const build = (g: Group): Raw => {
    if (g.conditions.length === 0) return g.match === 'all' ? sql`true` : sql`false`;
    const parts = g.conditions.map((item) =>
      isGroup(item) ? build(item) : compileCondition(checked.get(item) as Checked, members, scored, ctx.db),
    );
    return sql`(${sql.join(parts, g.match === 'all' ? sql` and ` : sql` or `)})`;
  };
  const where = build(def);
  const columns = new Map<string, CompiledSegment['columns'][number]>();
  for (const c of checked.values()) {
    const name = columnName(c.cond);
    if (columns.has(name) || c.field.type === 'team') continue;
    const isScore = c.field.group === 'scores';
    const guard = c.field.guard && scored ? c.field.guard(c.env) : undefined;
    const plain = isScore && !scored ? sql`null` : c.field.value(c.env);
    const value = guard ? sql`(case when ${guard} then ${plain} end)` : plain;
    columns.set(name, {
      name,
      label: c.field.label,
      expr: c.field.type === 'custom' ? sql`${value} #>> '{}'` : value,
    });
  }
  return { where, columns: [...columns.values()] };
}

import { v7 as uuidv7 } from 'uuid';
import type { Ctx } from '../../kernel/context.ts';
import { AppError, notFound } from '../../kernel/errors.ts';
import { compileCondition } from './compile-condition.ts';
import { toRuleView } from './list-rules.ts';
import type { RuleFields, RuleView } from './schemas.ts';

/**
 * Creates a rule, or changes one (shipped defaults included) when `id` is given. The condition is
 * compiled and type-checked first (against the trigger: a nightly rule has no `event`), so a rule
 * that cannot run is refused instead of silently never firing.
 */
export async function saveRule(
  ctx: Pick<Ctx, 'db' | 'clock'>,
  fields: Partial<RuleFields>,
  id?: string,
): Promise<RuleView> {
  if (!id) {
    const { key, name, trigger, condition, severity } = fields;
    if (!key || !name || !trigger || !condition || !severity) {
      throw new AppError('validation_failed', 'key, name, trigger, condition and severity are required');
    }
  }
  if (fields.condition !== undefined || fields.trigger !== undefined) {
    // A change of either may break the other: a nightly rule cannot name `event`.
    const needsCurrent = id !== undefined && (fields.condition === undefined || fields.trigger === undefined);
    const current = needsCurrent
      ? await ctx.db
          .selectFrom('red_flag_rule')
          .select(['condition', 'trigger'])
          .where('id', '=', id ?? '')
          .executeTakeFirst()
      : undefined;
    if (needsCurrent && !current) throw notFound('Rule', id ?? '');
    compileCondition(
      fields.condition ?? current?.condition ?? '',
      fields.trigger ?? current?.trigger ?? 'event',
    );
  }
  if (fields.playbookId) {
    const p = await ctx.db
      .selectFrom('playbook')
      .select('id')
      .where('id', '=', fields.playbookId)
      .executeTakeFirst();
    if (!p)
      throw new AppError('validation_failed', `playbookId: playbook ${fields.playbookId} does not exist`);
  }
  const values = {
    ...(fields.key !== undefined && { key: fields.key }),
    ...(fields.name !== undefined && { name: fields.name }),
    ...(fields.description !== undefined && { description: fields.description }),
    ...(fields.enabled !== undefined && { enabled: fields.enabled }),
    ...(fields.trigger !== undefined && { trigger: fields.trigger }),
    ...(fields.eventKinds !== undefined && { event_kinds: fields.eventKinds }),
    ...(fields.eventChannels !== undefined && { event_channels: fields.eventChannels }),
    // The error count is about the condition it was counted for: a new one starts at zero.
    ...(fields.condition !== undefined && {
      condition: fields.condition,
      error_count: 0,
      last_error: null,
      last_error_at: null,
    }),
    ...(fields.severity !== undefined && { severity: fields.severity }),
    ...(fields.playbookId !== undefined && { playbook_id: fields.playbookId }),
    ...(fields.notify !== undefined && { notify: fields.notify }),
    ...(fields.cooldownDays !== undefined && { cooldown_days: fields.cooldownDays }),
  };
  if (!id) {
    const { key, name, trigger, condition, severity } = fields as RuleFields;
    const row = await ctx.db
      .insertInto('red_flag_rule')
      .values({ ...values, id: uuidv7(), key, name, trigger, condition, severity })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toRuleView(row);
  }
  const row = await ctx.db
    .updateTable('red_flag_rule')
    .set({ ...values, updated_at: ctx.clock.now() })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
  if (!row) throw notFound('Rule', id);
  return toRuleView(row);
}

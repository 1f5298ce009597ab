import type { Selectable } from 'kysely';
import type { Ctx } from '../../kernel/context.ts';
import { notFound } from '../../kernel/errors.ts';
import type { RuleView } from './schemas.ts';
import type { LoopTables } from './tables.ts';

export const toRuleView = (r: Selectable<LoopTables['red_flag_rule']>): RuleView => ({
  id: r.id,
  key: r.key,
  name: r.name,
  description: r.description,
  enabled: r.enabled,
  trigger: r.trigger,
  eventKinds: r.event_kinds,
  eventChannels: r.event_channels,
  condition: r.condition,
  severity: r.severity,
  playbookId: r.playbook_id,
  notify: r.notify,
  cooldownDays: r.cooldown_days,
  builtin: r.builtin,
  errors: { count: r.error_count, lastMessage: r.last_error, lastAt: r.last_error_at },
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** All red-flag rules, or one by id. */
export async function listRules(ctx: Pick<Ctx, 'db'>, id?: string): Promise<RuleView[]> {
  let q = ctx.db.selectFrom('red_flag_rule').selectAll().orderBy('trigger').orderBy('key');
  if (id) q = q.where('id', '=', id);
  const rows = await q.execute();
  if (id && rows.length === 0) throw notFound('Rule', id);
  return rows.map(toRuleView);
}

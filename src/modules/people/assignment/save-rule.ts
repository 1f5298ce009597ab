import { v7 as uuidv7 } from 'uuid';
import type { Ctx } from '../../../kernel/context.ts';
import { AppError, notFound } from '../../../kernel/errors.ts';
import { getSegment } from '../../outreach/index.ts';
import { loadRoster } from '../../staff/index.ts';
import { findMatchingCustomer } from './find-matching-customer.ts';
import { type AssignmentRule, ruleOf } from './rule.ts';

export type RuleInput = Omit<AssignmentRule, 'id' | 'position'> & { position?: number };

/**
 * Creates a rule (no id) or replaces one. Refused with a 400 when its team or staff are unknown
 * or inactive, its segment does not exist, or its conditions match no customer at all (an
 * unknown tier id is one of those: nobody is in it, and tiers are only read through loyalty's
 * tiersOf seam, never listed here): a rule
 * that matches nobody is almost always a typo ("AT" for "DE"), and saving it silently would
 * leave customers unowned without anyone noticing.
 */
export async function saveRule(
  ctx: Pick<Ctx, 'db' | 'clock'>,
  input: RuleInput,
  id?: string,
): Promise<AssignmentRule> {
  const roster = await loadRoster(ctx);
  if (input.teamId && !roster.teams.has(input.teamId))
    throw new AppError('validation_failed', `teamId: no team ${input.teamId}`);
  for (const s of input.staffIds) {
    const m = roster.staff.get(s);
    if (!m) throw new AppError('validation_failed', `staffIds: no staff member ${s}`);
    if (!m.active) throw new AppError('validation_failed', `staffIds: ${m.name} is deactivated`);
  }
  if (!input.teamId && !input.staffIds.length)
    throw new AppError('validation_failed', 'name a team (teamId) or staff (staffIds) to give customers to');
  if (input.segmentId) {
    try {
      await getSegment(ctx, input.segmentId);
    } catch {
      throw new AppError('validation_failed', `segmentId: no saved segment ${input.segmentId}`);
    }
  }
  const rule = {
    ...input,
    countries: input.countries.map((c) => c.toUpperCase()),
    languages: input.languages.map((l) => l.toLowerCase()),
  };
  if (!(await findMatchingCustomer(ctx, rule))) {
    throw new AppError(
      'validation_failed',
      `This rule matches no customer (countries: ${rule.countries.join(', ') || 'any'}; languages: ${rule.languages.join(', ') || 'any'}; segment: ${rule.segmentId ?? 'any'}; tiers: ${rule.tierIds.join(', ') || 'any'}). Check its conditions; nothing was saved.`,
      { field: 'conditions' },
    );
  }
  const now = ctx.clock.now();
  const values = {
    name: rule.name,
    countries: rule.countries,
    languages: rule.languages,
    segment_id: rule.segmentId,
    team_id: rule.teamId,
    staff_ids: rule.staffIds,
    tier_ids: [...new Set(rule.tierIds)],
    active: rule.active,
    updated_at: now,
  };
  return ctx.db.transaction().execute(async (trx) => {
    let position = rule.position;
    if (position === undefined && !id) {
      const last = await trx
        .selectFrom('people_assignment_rule')
        .select((eb) => eb.fn.max('position').as('p'))
        .executeTakeFirst();
      position = (last?.p ?? 0) + 1;
    }
    if (id) {
      const row = await trx
        .updateTable('people_assignment_rule')
        .set({ ...values, ...(position !== undefined ? { position } : {}) })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
      if (!row) throw notFound('Assignment rule', id);
      return ruleOf(row);
    }
    const row = await trx
      .insertInto('people_assignment_rule')
      .values({ ...values, id: uuidv7(), position: position as number })
      .returningAll()
      .executeTakeFirstOrThrow();
    return ruleOf(row);
  });
}

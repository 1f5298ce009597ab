import type { Roster } from '../../staff/index.ts';
import type { AssignmentRule } from './rule.ts';

/** The active reps a rule gives customers to: its staff list, else its team's active members. */
export function ruleTargets(rule: Pick<AssignmentRule, 'teamId' | 'staffIds'>, roster: Roster): string[] {
  const ids = rule.staffIds.length
    ? rule.staffIds
    : [...roster.staff.values()].filter((m) => m.teamId === rule.teamId).map((m) => m.id);
  return ids.filter((id) => roster.staff.get(id)?.active).sort();
}

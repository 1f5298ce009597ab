import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../../kernel/db/database.ts';
import { addWorkingMinutes, type Roster, type Schedule } from '../staff/index.ts';
import type { ServiceLevel } from './service-level.ts';
import type { LoopTables, Severity } from './tables.ts';

export type SlaDeadlines = {
  firstContactWarnAt: Date;
  firstContactDueAt: Date;
  resolutionWarnAt: Date;
  resolutionDueAt: Date;
  policy: {
    severity: Severity;
    firstContactMinutes: number;
    resolutionMinutes: number;
    warnAtPercent: number;
    timeZone: string;
  };
};

const ALWAYS: Schedule = { timeZone: 'UTC', intervals: [] };

/**
 * The SLA clock of a case: deadlines for first contact and resolution, and the warnings before
 * them, counted in business minutes of the assigned team's coverage (a team without coverage, or
 * no team, runs around the clock). The clock starts at `start` — opening, or reopening.
 */
export async function computeSla(
  db: Kysely<Database>,
  roster: Roster,
  input: SlaInput & { severity: Severity },
): Promise<SlaDeadlines> {
  const policy = await db
    .selectFrom('sla_policy')
    .selectAll()
    .where('severity', '=', input.severity)
    .executeTakeFirstOrThrow();
  return slaDeadlines(policy, roster, input);
}

type SlaInput = { teamId: string | null; start: Date; level?: ServiceLevel | null };

/** computeSla from a policy row the caller has read (with other rows, in one statement). */
export function slaDeadlines(
  policy: Selectable<LoopTables['sla_policy']>,
  roster: Roster,
  input: SlaInput,
): SlaDeadlines {
  // A customer's service level (their loyalty tier) sets its own targets; the warning stays the policy's.
  const p = {
    ...policy,
    first_contact_minutes: input.level?.firstContactMinutes ?? policy.first_contact_minutes,
    resolution_minutes: input.level?.resolutionMinutes ?? policy.resolution_minutes,
  };
  const schedule = (input.teamId && roster.teams.get(input.teamId)?.coverage) || ALWAYS;
  const at = (minutes: number) => addWorkingMinutes(schedule, input.start, minutes);
  const warn = (minutes: number) => Math.max(1, Math.floor((minutes * p.warn_at_percent) / 100));
  return {
    firstContactWarnAt: at(warn(p.first_contact_minutes)),
    firstContactDueAt: at(p.first_contact_minutes),
    resolutionWarnAt: at(warn(p.resolution_minutes)),
    resolutionDueAt: at(p.resolution_minutes),
    policy: {
      severity: p.severity,
      firstContactMinutes: p.first_contact_minutes,
      resolutionMinutes: p.resolution_minutes,
      warnAtPercent: p.warn_at_percent,
      timeZone: schedule.timeZone,
    },
  };
}

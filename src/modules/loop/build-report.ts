import { DAY_MS } from '../../kernel/clock.ts';
import type { Ctx } from '../../kernel/context.ts';
import { summarizeActivity } from '../customers/index.ts';
import { buildUpliftReport, type ProgramUplift } from '../outreach/index.ts';

const AFTER_DAYS = 90;
const SAVED = ['saved', 'recovered'];

export type ReportRow = {
  rootCause: string;
  playbook: string;
  playbookApplied: boolean;
  cases: number;
  firstContact: { contacted: number; medianMinutes: number | null; meanMinutes: number | null };
  sla: { firstContactMet: number; resolutionMet: number; compliance: number | null };
  outcomes: Record<string, number>;
  saveRate: number | null;
  after90d: {
    matured: number;
    retained: number;
    retentionRate: number | null;
    spend: { currency: string; minor: number }[];
  };
};

const median = (xs: number[]) => {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};
const ratio = (a: number, b: number) => (b === 0 ? null : Math.round((a / b) * 1000) / 1000);

/**
 * What works: resolved cases in a window, grouped by root cause × playbook (a case with two root
 * causes counts in both), with time to first contact, SLA compliance, save rate, and what the
 * customers did in the 90 days after resolution (only cases resolved 90+ days ago have "matured").
 * `playbookApplied` splits the groups so treated and untreated cases can be compared; held-out
 * cases of a playbook with a holdout count as not applied, and `upliftByPlaybook` compares the
 * arms properly (randomised, measured from each customer's first eligibility).
 */
export async function buildReport(
  ctx: Pick<Ctx, 'db' | 'clock'>,
  q: { from: Date; to: Date; currency?: string },
): Promise<{ from: Date; to: Date; cases: number; rows: ReportRow[]; upliftByPlaybook: ProgramUplift[] }> {
  const now = ctx.clock.now();
  const cases = await ctx.db
    .selectFrom('loop_case')
    .leftJoin('playbook', 'playbook.id', 'loop_case.playbook_id')
    .select([
      'loop_case.id',
      'loop_case.customer_id',
      'loop_case.opened_at',
      'loop_case.first_contact_at',
      'loop_case.first_contact_due_at',
      'loop_case.resolution_due_at',
      'loop_case.resolved_at',
      'loop_case.outcome',
      'loop_case.root_causes',
      'loop_case.playbook_applied',
      'playbook.key as playbook_key',
    ])
    .where('loop_case.status', '=', 'resolved')
    .where('loop_case.resolved_at', '>=', q.from)
    .where('loop_case.resolved_at', '<', q.to)
    .execute();
  const matured = cases.filter(
    (c) => c.resolved_at && c.resolved_at.getTime() + AFTER_DAYS * DAY_MS <= now.getTime(),
  );
  const activity = await summarizeActivity(
    ctx,
    matured.map((c) => ({
      key: c.id,
      customerId: c.customer_id,
      from: c.resolved_at as Date,
      to: new Date((c.resolved_at as Date).getTime() + AFTER_DAYS * DAY_MS),
    })),
  );
  const groups = new Map<string, typeof cases>();
  for (const c of cases) {
    for (const cause of c.root_causes.length ? c.root_causes : ['(none)']) {
      const key = `${cause}\u0000${c.playbook_key ?? '(none)'}\u0000${c.playbook_applied}`;
      groups.set(key, [...(groups.get(key) ?? []), c]);
    }
  }
  const rows: ReportRow[] = [];
  for (const [key, list] of groups) {
    const [rootCause, playbook, applied] = key.split('\u0000') as [string, string, string];
    const minutes = list
      .filter((c) => c.first_contact_at)
      .map((c) => ((c.first_contact_at as Date).getTime() - c.opened_at.getTime()) / 60_000);
    const fcMet = list.filter(
      (c) => c.first_contact_at && (!c.first_contact_due_at || c.first_contact_at <= c.first_contact_due_at),
    ).length;
    const resMet = list.filter(
      (c) => !c.resolution_due_at || (c.resolved_at as Date) <= c.resolution_due_at,
    ).length;
    const both = list.filter(
      (c) =>
        c.first_contact_at &&
        (!c.first_contact_due_at || c.first_contact_at <= c.first_contact_due_at) &&
        (!c.resolution_due_at || (c.resolved_at as Date) <= c.resolution_due_at),
    ).length;
    const outcomes: Record<string, number> = {};
    for (const c of list) if (c.outcome) outcomes[c.outcome] = (outcomes[c.outcome] ?? 0) + 1;
    const real = list.filter((c) => c.outcome !== 'not-an-issue');
    const ripe = list.filter((c) => activity.has(c.id));
    const spend = new Map<string, number>();
    for (const c of ripe)
      for (const s of activity.get(c.id)?.spend ?? [])
        spend.set(s.currency, (spend.get(s.currency) ?? 0) + s.minor);
    const retained = ripe.filter((c) => activity.get(c.id)?.active).length;
    rows.push({
      rootCause,
      playbook,
      playbookApplied: applied === 'true',
      cases: list.length,
      firstContact: {
        contacted: minutes.length,
        medianMinutes: median(minutes),
        meanMinutes: minutes.length
          ? Math.round((minutes.reduce((a, b) => a + b, 0) / minutes.length) * 10) / 10
          : null,
      },
      sla: { firstContactMet: fcMet, resolutionMet: resMet, compliance: ratio(both, list.length) },
      outcomes,
      saveRate: ratio(real.filter((c) => SAVED.includes(c.outcome ?? '')).length, real.length),
      after90d: {
        matured: ripe.length,
        retained,
        retentionRate: ratio(retained, ripe.length),
        spend: [...spend].sort().map(([currency, minor]) => ({ currency, minor })),
      },
    });
  }
  rows.sort(
    (a, b) =>
      b.cases - a.cases || a.rootCause.localeCompare(b.rootCause) || a.playbook.localeCompare(b.playbook),
  );
  // Against each playbook's holdout, over every customer it has met (not only this window's
  // resolved cases): retention, reactivation and revenue of treated against held-out customers.
  const upliftByPlaybook = (
    await buildUpliftReport(ctx, { kind: 'playbook', currency: q.currency ?? 'USD' })
  ).filter((u) => u.program.holdoutShare > 0 || u.arms.heldOut.customers > 0);
  return { from: q.from, to: q.to, cases: cases.length, rows, upliftByPlaybook };
}

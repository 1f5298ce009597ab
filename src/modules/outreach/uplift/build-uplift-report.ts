import { sql } from 'kysely';
import type { Ctx } from '../../../kernel/context.ts';
import { outcomesAfter } from '../../customers/index.ts';
import type { ProgramKind } from '../tables.ts';
import { describeUplift } from './describe-uplift.ts';
import { compareMeans, type Difference } from './math/compare-means.ts';
import { compareProportions } from './math/compare-proportions.ts';
import { cuped } from './math/cuped.ts';
import { type Moments, mean } from './math/moments.ts';
import { GLOBAL_CONTROL_ID, type Program, programOf } from './programs.ts';

export const metricDefs = [
  { metric: 'retention', days: 30, column: 'active_30', kind: 'share' },
  { metric: 'retention', days: 90, column: 'active_90', kind: 'share' },
  { metric: 'reactivation', days: 30, column: 'purchased_30', kind: 'share' },
  { metric: 'reactivation', days: 90, column: 'purchased_90', kind: 'share' },
  { metric: 'revenue', days: 30, column: 'revenue_30', kind: 'money' },
  { metric: 'revenue', days: 90, column: 'revenue_90', kind: 'money' },
] as const;

export type ArmSummary = {
  customers: number;
  metrics: { metric: string; days: number; customers: number; value: number | null }[];
};
export type MetricUplift = {
  metric: 'retention' | 'reactivation' | 'revenue';
  days: 30 | 90;
  /** share: a proportion (0.041 = 4.1 points); money: minor units of `currency` per customer */
  unit: 'share' | 'money';
  treated: { customers: number; value: number | null };
  heldOut: { customers: number; value: number | null };
  difference: Difference | null;
  cuped: (Difference & { theta: number }) | null;
  summary: string;
};
export type ProgramUplift = {
  program: Program;
  arms: { treated: ArmSummary; heldOut: ArmSummary; globalControl: { customers: number } };
  metrics: MetricUplift[];
};

type Row = Record<string, number | string> & { program_id: string; arm: string };

// One group-by over the assignments joined with each customer's outcomes: per program, arm and
// window, the count and the sums Welch and CUPED need (Y, Y², X, X², XY; X = pre-period spend).
function aggregates(now: Date) {
  const matured = (days: number) =>
    sql`o.eligible_at + make_interval(days => ${sql.lit(days)}) <= ${now.toISOString()}::timestamptz`;
  const parts = [sql`count(*)::float8 as n`];
  for (const days of [30, 90]) {
    const m = matured(days);
    parts.push(
      sql`(count(*) filter (where ${m}))::float8 as ${sql.ref(`n_${days}`)}`,
      sql`coalesce(sum(o.pre_spend) filter (where ${m}), 0) as ${sql.ref(`sx_${days}`)}`,
      sql`coalesce(sum(o.pre_spend * o.pre_spend) filter (where ${m}), 0) as ${sql.ref(`sxx_${days}`)}`,
    );
  }
  for (const d of metricDefs) {
    const y = d.kind === 'share' ? sql`(${sql.ref(`o.${d.column}`)})::int::float8` : sql.ref(`o.${d.column}`);
    const m = matured(d.days);
    parts.push(
      sql`coalesce(sum(${y}) filter (where ${m}), 0) as ${sql.ref(`sy_${d.column}`)}`,
      sql`coalesce(sum(${y} * ${y}) filter (where ${m}), 0) as ${sql.ref(`syy_${d.column}`)}`,
      sql`coalesce(sum(${y} * o.pre_spend) filter (where ${m}), 0) as ${sql.ref(`sxy_${d.column}`)}`,
    );
  }
  return sql.join(parts);
}

const momentsOf = (r: Row | undefined, column: string, days: number): Moments => ({
  n: Number(r?.[`n_${days}`] ?? 0),
  sx: Number(r?.[`sx_${days}`] ?? 0),
  sxx: Number(r?.[`sxx_${days}`] ?? 0),
  sy: Number(r?.[`sy_${column}`] ?? 0),
  syy: Number(r?.[`syy_${column}`] ?? 0),
  sxy: Number(r?.[`sxy_${column}`] ?? 0),
});

function armSummary(r: Row | undefined): ArmSummary {
  return {
    customers: Number(r?.n ?? 0),
    metrics: metricDefs.map((d) => {
      const m = momentsOf(r, d.column, d.days);
      return { metric: d.metric, days: d.days, customers: m.n, value: m.n ? mean(m.n, m.sy) : null };
    }),
  };
}

/**
 * The uplift of every program (or of one kind, or of some ids): each arm's customers and
 * outcomes, and treated − held-out for retention (30/90 days), reactivation and revenue per
 * customer, with 95% intervals, p-values and the CUPED estimate. Customers in the global control
 * group are counted but compared with neither arm. Revenue counts one currency.
 */
export async function buildUpliftReport(
  ctx: Pick<Ctx, 'db' | 'clock'>,
  q: { kind?: ProgramKind; programIds?: string[]; currency: string },
): Promise<ProgramUplift[]> {
  const now = ctx.clock.now();
  let programsQuery = ctx.db
    .selectFrom('outreach_program')
    .select(['id', 'kind', 'key', 'name', 'holdout_share', 'updated_at'])
    .where('id', '<>', GLOBAL_CONTROL_ID)
    .orderBy('kind')
    .orderBy('key');
  if (q.kind) programsQuery = programsQuery.where('kind', '=', q.kind);
  if (q.programIds)
    programsQuery = programsQuery.where('id', 'in', q.programIds.length ? q.programIds : ['']);
  const programs = (await programsQuery.execute()).map(programOf);
  if (programs.length === 0) return [];
  const ids = programs.map((p) => p.id);
  // Only customers who could have been held out (assigned while the share was above 0) are
  // compared: those met before a holdout was set were treated for certain.
  const source = sql`select a.program_id, a.arm, a.customer_id, a.eligible_at from program_assignment a
    where a.program_id = any(${ids}::uuid[]) and a.eligible_at <= ${now.toISOString()}::timestamptz
      and (a.holdout_share > 0 or a.arm = 'global-control')`;
  const { rows } = await sql<Row>`
    select o.program_id, o.arm, ${aggregates(now)}
    from (${outcomesAfter(source, q.currency)}) o
    group by o.program_id, o.arm`.execute(ctx.db);
  return programs.map((program) => {
    const arm = (name: string) => rows.find((r) => r.program_id === program.id && r.arm === name);
    const t = arm('treated');
    const c = arm('held-out');
    return {
      program,
      arms: {
        treated: armSummary(t),
        heldOut: armSummary(c),
        globalControl: { customers: Number(arm('global-control')?.n ?? 0) },
      },
      metrics: metricDefs.map((d) => {
        const mt = momentsOf(t, d.column, d.days);
        const mc = momentsOf(c, d.column, d.days);
        const difference =
          d.kind === 'share'
            ? compareProportions({ n: mt.n, successes: mt.sy }, { n: mc.n, successes: mc.sy })
            : compareMeans(mt, mc);
        const adjusted = cuped(mt, mc);
        const u = {
          metric: d.metric,
          days: d.days,
          unit: d.kind,
          treated: { customers: mt.n, value: mt.n ? mean(mt.n, mt.sy) : null },
          heldOut: { customers: mc.n, value: mc.n ? mean(mc.n, mc.sy) : null },
          difference,
          cuped: adjusted,
        };
        return { ...u, summary: describeUplift(u, q.currency) };
      }),
    };
  });
}

import { sql } from 'kysely';
import type { Ctx } from '../../../kernel/context.ts';
import { type ChurnDefinition, churnDefinition } from '../churn/churn-definition.ts';
import { loadChurnInputs } from '../churn/load-churn-inputs.ts';
import { getInsightSettings } from '../get-settings.ts';
import { chiSquarePValue } from '../math/chi-square.ts';
import { estimateKaplanMeier, type SurvivalCurve, survivalAt } from '../models/kaplan-meier.ts';

const MONTH_DAYS = 30.4375;
const DAY = 86_400_000;

export type GroupRetention = {
  group: string;
  customers: number;
  /** Customers who left (by the churn definition in force) by `through`. */
  left: number;
  curve: SurvivalCurve;
  /** S(t) at 3, 6 and 12 months (null past the longest observed lifetime). */
  at: { months: number; survival: number | null }[];
  /** From the latest scores: how many were scored, their mean P(alive) and mean CLV. */
  scored: number;
  meanPAlive: number | null;
  clvScored: number;
  meanClvMinor: number | null;
};

export type RetentionComparison = {
  through: string;
  unit: 'month';
  definition: ChurnDefinition;
  /** The CLV currency (the scoring run's); CLV means count only scores in it. */
  currency: string | null;
  groups: GroupRetention[];
  /** Log-rank test of equal survival between the groups (null with fewer than two groups or no event). */
  logRank: { statistic: number; df: number; pValue: number } | null;
};

/**
 * Retention of groups of customers chosen by another module (referred or not, say): a
 * Kaplan–Meier curve per group over the same lifetimes as the survival report (first seen → left
 * by the churn definition, censored at the last scoring run's day), a log-rank test between them,
 * and the groups' mean P(alive) and CLV from the latest scores. Customers `groupOf` maps to null
 * are left out.
 */
export async function compareRetention(
  ctx: Pick<Ctx, 'db' | 'clock'>,
  opts: { groupOf: (customerId: string) => string | null; through?: string },
): Promise<RetentionComparison> {
  const settings = await getInsightSettings(ctx);
  const through = opts.through ?? (await lastRunDay(ctx)) ?? ctx.clock.now().toISOString().slice(0, 10);
  const throughDay = Math.round(Date.parse(`${through}T00:00:00Z`) / DAY);
  const [subjects, scores] = await Promise.all([
    loadChurnInputs(ctx, { basis: settings.churnDefinition, through }),
    sql<{ customer_id: string; p_alive: number | null; clv_minor: number | null; currency: string }>`
      select customer_id, p_alive, clv_minor, currency from insight_score`.execute(ctx.db),
  ]);
  const scoreOf = new Map(scores.rows.map((r) => [r.customer_id, r]));
  const currencyCount = new Map<string, number>();
  for (const r of scores.rows) currencyCount.set(r.currency, (currencyCount.get(r.currency) ?? 0) + 1);
  const currency = [...currencyCount.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;

  type Acc = { d: number[]; e: boolean[]; p: number[]; clv: number[] };
  const acc = new Map<string, Acc>();
  for (const s of subjects) {
    const group = opts.groupOf(s.customerId);
    if (group === null || s.firstSeenDay > throughDay) continue;
    const a = acc.get(group) ?? { d: [], e: [], p: [], clv: [] };
    const left = s.leftDay !== null && s.leftDay <= throughDay;
    const end = left ? (s.leftDay as number) : throughDay;
    a.d.push(Math.max(0, Math.floor((end - s.firstSeenDay) / MONTH_DAYS)));
    a.e.push(left);
    const sc = scoreOf.get(s.customerId);
    if (sc?.p_alive != null) a.p.push(Number(sc.p_alive));
    if (sc?.clv_minor != null && sc.currency === currency) a.clv.push(Number(sc.clv_minor));
    acc.set(group, a);
  }
  const mean = (xs: number[]) => (xs.length ? xs.reduce((x, y) => x + y, 0) / xs.length : null);
  const groups = [...acc.entries()]
    .sort((a, b) => a[0].localeCompare(b[0]))
    .map(([group, a]): GroupRetention => {
      const curve = estimateKaplanMeier(a.d, a.e);
      const longest = Math.max(0, ...a.d);
      return {
        group,
        customers: a.d.length,
        left: curve.events,
        curve,
        at: [3, 6, 12].map((months) => ({
          months,
          survival: months <= longest ? survivalAt(curve, months) : null,
        })),
        scored: a.p.length,
        meanPAlive: mean(a.p),
        clvScored: a.clv.length,
        meanClvMinor: mean(a.clv),
      };
    });
  return {
    through,
    unit: 'month',
    definition: churnDefinition(settings.churnDefinition),
    currency,
    groups,
    logRank: logRank([...acc.values()]),
  };
}

/**
 * The log-rank (Mantel–Cox) test over k groups, with the k−1 df statistic built from the
 * observed-minus-expected vector and its hypergeometric covariance (first k−1 groups).
 */
export function logRank(groups: { d: number[]; e: boolean[] }[]) {
  const k = groups.length;
  if (k < 2) return null;
  const times = [...new Set(groups.flatMap((g) => g.d.filter((_, i) => g.e[i])))].sort((a, b) => a - b);
  if (times.length === 0) return null;
  const m = k - 1;
  const oMinusE = new Array<number>(m).fill(0);
  const v = Array.from({ length: m }, () => new Array<number>(m).fill(0));
  for (const t of times) {
    const atRisk = groups.map((g) => g.d.filter((x) => x >= t).length);
    const deaths = groups.map((g) => g.d.filter((x, i) => x === t && g.e[i]).length);
    const n = atRisk.reduce((a, b) => a + b, 0);
    const dd = deaths.reduce((a, b) => a + b, 0);
    if (n < 2) continue;
    for (let i = 0; i < m; i++) {
      oMinusE[i] = (oMinusE[i] as number) + (deaths[i] as number) - (dd * (atRisk[i] as number)) / n;
      for (let j = 0; j < m; j++) {
        const ni = atRisk[i] as number;
        const nj = atRisk[j] as number;
        const cov = ((dd * (n - dd)) / (n - 1)) * (i === j ? (ni / n) * (1 - ni / n) : -(ni * nj) / (n * n));
        (v[i] as number[])[j] = ((v[i] as number[])[j] as number) + cov;
      }
    }
  }
  const statistic = quadraticForm(oMinusE, v);
  if (statistic === null) return null;
  return { statistic, df: m, pValue: chiSquarePValue(statistic, m) };
}

// xᵀ V⁻¹ x by Gauss–Jordan; null when V is singular (no information to test with).
function quadraticForm(x: number[], v: number[][]): number | null {
  const n = x.length;
  const a = v.map((row, i) => [...row, x[i] as number]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r]?.[c] as number) > Math.abs(a[p]?.[c] as number)) p = r;
    if (Math.abs(a[p]?.[c] as number) < 1e-12) return null;
    [a[c], a[p]] = [a[p] as number[], a[c] as number[]];
    const row = a[c] as number[];
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const other = a[r] as number[];
      const f = (other[c] as number) / (row[c] as number);
      for (let k = c; k <= n; k++) other[k] = (other[k] as number) - f * (row[k] as number);
    }
  }
  let s = 0;
  for (let i = 0; i < n; i++) s += (x[i] as number) * ((a[i]?.[n] as number) / (a[i]?.[i] as number));
  return s;
}

async function lastRunDay(ctx: Pick<Ctx, 'db'>): Promise<string | null> {
  const run = await ctx.db
    .selectFrom('insight_run')
    .select((eb) => eb.cast<string>('through_date', 'text').as('through'))
    .where('status', '=', 'succeeded')
    .orderBy('started_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return run?.through ?? null;
}

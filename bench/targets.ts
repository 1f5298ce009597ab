import { fmt } from './stats.ts';

/**
 * Issue 14's targets, each against what this run measured. A target is either a floor (a ratio
 * or a rate that must reach it) or a ceiling (a latency or a duration that must stay under it).
 */
export type Target = {
  name: string;
  bound: 'at least' | 'at most';
  goal: number;
  unit: '×' | 'ms' | 's' | '/s';
};

export const issue14Targets = {
  ingestAccept: { name: 'ingest accept ÷ COPY', bound: 'at least', goal: 0.75, unit: '×' },
  ingestEndToEnd: { name: 'ingest end to end ÷ COPY', bound: 'at least', goal: 0.5, unit: '×' },
  importVsSql: { name: '`tenure import` ÷ SQL path', bound: 'at least', goal: 0.5, unit: '×' },
  throughput360: {
    name: '360 API ÷ bare SQL throughput, 32 clients',
    bound: 'at least',
    goal: 0.7,
    unit: '×',
  },
  singleClientP99: { name: '360 single-client p99', bound: 'at most', goal: 20, unit: 'ms' },
  openLoopP99: { name: '360 open-loop p99 at 40% of capacity', bound: 'at most', goal: 50, unit: 'ms' },
  flaggedPerCore: {
    name: 'flagged events/s per worker core, p99 ≤ 1 s',
    bound: 'at least',
    goal: 200,
    unit: '/s',
  },
  scoring: { name: 'scoring from the timeline, end to end', bound: 'at most', goal: 60, unit: 's' },
  dashboard: {
    name: 'dashboard server time (slower of cohorts, reasons)',
    bound: 'at most',
    goal: 100,
    unit: 'ms',
  },
} as const satisfies Record<string, Target>;

export type TargetKey = keyof typeof issue14Targets;

/** One measurement, or why there is none in this run. */
export type Measured = { value: number; scale: string; load: string; note?: string } | { notRun: string };

const show = (v: number, unit: Target['unit']): string =>
  unit === '×'
    ? `${fmt(v, 2)}×`
    : unit === '/s'
      ? `${fmt(v, 0)}/s`
      : `${fmt(v, unit === 's' ? 1 : 2)} ${unit}`;

export function verdict(t: Target, value: number): 'met' | 'not met' {
  if (!Number.isFinite(value)) return 'not met';
  return (t.bound === 'at least' ? value >= t.goal : value <= t.goal) ? 'met' : 'not met';
}

/** Markdown table, one row per target in the order of issue 14, whether measured or not. */
export function targetsTable(measured: Partial<Record<TargetKey, Measured>>): string {
  const rows = (Object.keys(issue14Targets) as TargetKey[]).map((key) => {
    const t: Target = issue14Targets[key];
    const goal = `${t.bound === 'at least' ? '≥' : '≤'} ${show(t.goal, t.unit)}`;
    const m = measured[key] ?? { notRun: 'not run' };
    if ('notRun' in m) return [t.name, '-', goal, m.notRun, '', ''];
    const value = m.note ? `${show(m.value, t.unit)} (${m.note})` : show(m.value, t.unit);
    return [t.name, value, goal, verdict(t, m.value), m.scale, m.load];
  });
  const line = (c: string[]) => `| ${c.join(' | ')} |`;
  return [
    '\n### Issue 14 targets\n',
    line(['measure', 'measured', 'target', 'result', 'scale', 'load average (1, 5, 15 min)']),
    '|---|--:|--:|---|---|---|',
    ...rows.map(line),
  ].join('\n');
}

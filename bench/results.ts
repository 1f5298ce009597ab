import type { CpuSpent } from './cpu.ts';
import type { IngestResult } from './ingest.ts';
import type { ReadResult } from './read.ts';
import { ratio, table } from './report.ts';
import type { ScoreResult } from './score.ts';
import { fmt, mib } from './stats.ts';

export function ingestTable(r: IngestResult): string {
  const a = r.api;
  return [
    table(
      `Ingest: ${fmt(r.events, 0)} events, batches of 1,000, ${r.clients} clients vs COPY with ${r.copy.streams} streams`,
      [
        {
          measure: 'events/s',
          api: fmt(a.rate, 0),
          baseline: fmt(r.copy.rate, 0),
          ratio: ratio(a.rate, r.copy.rate),
          target: 'accept ≥ 0.75× COPY',
        },
        {
          measure: 'seconds',
          api: fmt(a.seconds),
          baseline: fmt(r.copy.seconds),
          ratio: ratio(a.seconds, r.copy.seconds),
        },
        ...cpuRows(a.cpu, r.copy.cpu, r.events / 1000, 'CPU ms per 1,000 events', 'COPY client'),
        {
          measure: "events/s against COPY of 1,000 rows per transaction (the API's batch and commit)",
          api: fmt(a.rate, 0),
          baseline: fmt(r.copyPerBatch.rate, 0),
          ratio: ratio(a.rate, r.copyPerBatch.rate),
        },
        {
          measure: 'CPU ms per 1,000 events: PostgreSQL, against COPY of 1,000 rows per transaction',
          api: fmt((a.cpu.postgres / r.events) * 1000, 2),
          baseline: fmt((r.copyPerBatch.cpu.postgres / r.events) * 1000, 2),
          ratio: ratio(a.cpu.postgres, r.copyPerBatch.cpu.postgres),
        },
        {
          measure: 'end to end events/s (accepted, then evaluated by one worker)',
          api: fmt(r.events / (a.seconds + r.evaluation.seconds), 0),
          baseline: fmt(r.copy.rate, 0),
          ratio: ratio(r.events / (a.seconds + r.evaluation.seconds), r.copy.rate),
          target: 'end to end ≥ 0.50× COPY',
        },
        {
          measure: 'evaluation seconds (worker drain)',
          api: fmt(r.evaluation.seconds),
          baseline: '',
          ratio: '',
        },
        {
          measure: 'evaluation CPU ms per 1,000 events: worker',
          api: fmt((r.evaluation.cpu.server / r.events) * 1000),
          baseline: '',
          ratio: '',
        },
        {
          measure: 'evaluation CPU ms per 1,000 events: PostgreSQL',
          api: fmt((r.evaluation.cpu.postgres / r.events) * 1000),
          baseline: '',
          ratio: '',
        },
        { measure: 'batch latency p50 ms', api: fmt(a.batchLatency.p50), baseline: '', ratio: '' },
        { measure: 'batch latency p99 ms', api: fmt(a.batchLatency.p99), baseline: '', ratio: '' },
      ],
      'COPY',
    ),
    '',
    `API report: accepted ${a.accepted}, duplicates ${a.duplicates}, rejected ${a.rejected}, ` +
      `429 answers ${a.rateLimited}; rows stored ${a.stored}; a retry of 3 batches gave ${a.retryDuplicates} duplicates. ` +
      `The worker evaluated ${r.evaluation.items} touchpoints in ${r.evaluation.jobs} jobs (the rest no rule can match) and raised ${r.evaluation.alerts} alerts.`,
  ].join('\n');
}

export function readTable(results: ReadResult[], connections: number, customers: number): string {
  const rows = results.flatMap((r) => [
    {
      measure: `${r.name} p50 ms`,
      api: fmt(r.api.p50, 2),
      baseline: fmt(r.sql.p50, 2),
      ratio: ratio(r.api.p50, r.sql.p50),
    },
    {
      measure: `${r.name} p99 ms`,
      api: fmt(r.api.p99, 2),
      baseline: fmt(r.sql.p99, 2),
      ratio: ratio(r.api.p99, r.sql.p99),
      target: r.name === 'customer 360' ? '≤ 20 ms at 1M customers' : '',
    },
    {
      measure: `${r.name} req/s`,
      api: fmt(r.api.rps, 0),
      baseline: fmt(r.sql.rps, 0),
      ratio: ratio(r.api.rps, r.sql.rps),
    },
    ...(r.api.cpu && r.sql.cpu
      ? cpuRows(
          r.api.cpu,
          r.sql.cpu,
          undefined,
          `${r.name} CPU ms/req`,
          'pg client',
          r.api.count,
          r.sql.count,
        )
      : []),
  ]);
  const errors = results
    .filter((r) => r.api.errors || r.sql.errors)
    .map((r) => `${r.name}: ${r.api.errors} API errors, ${r.sql.errors} SQL errors`);
  return [
    table(
      `Reads: ${connections} concurrent clients, random customers of ${fmt(customers, 0)}`,
      rows,
      'bare SQL',
    ),
    ...(errors.length ? ['', `errors: ${errors.join('; ')}`] : []),
  ].join('\n');
}

/**
 * Where the CPU went, per unit of work: PostgreSQL on both sides, the app server on the API side,
 * and the load generator (autocannon or the HTTP clients; on the baseline side the pg client).
 */
function cpuRows(
  api: CpuSpent,
  base: CpuSpent,
  units: number | undefined,
  label: string,
  baseClient: string,
  apiUnits = units ?? 1,
  baseUnits = units ?? 1,
) {
  const per = (ms: number, n: number) => ms / n;
  return [
    {
      measure: `${label}: PostgreSQL`,
      api: fmt(per(api.postgres, apiUnits), 2),
      baseline: fmt(per(base.postgres, baseUnits), 2),
      ratio: ratio(per(api.postgres, apiUnits), per(base.postgres, baseUnits)),
    },
    { measure: `${label}: app server`, api: fmt(per(api.server, apiUnits), 2), baseline: '', ratio: '' },
    {
      measure: `${label}: load generator / ${baseClient}`,
      api: fmt(per(api.loadGenerator, apiUnits), 2),
      baseline: fmt(per(base.loadGenerator, baseUnits), 2),
      ratio: '',
    },
  ];
}

export function memoryTable(phases: { name: string; peak: number; heap: number }[], overall: number): string {
  const mb = (b: number) => `${fmt(mib(b), 0)} MiB`;
  return [
    '\n### Server memory (target: peak RSS ≤ 512 MB)\n',
    '| phase | peak RSS | V8 heap used after the phase |',
    '|---|--:|--:|',
    ...phases.map((p) => `| ${p.name} | ${mb(p.peak)} | ${mb(p.heap)} |`),
    `| whole run, from start-up (VmHWM) | ${mb(overall)} | |`,
  ].join('\n');
}

export function scoreTable(s: ScoreResult): string {
  return [
    `\n### Scoring: one insight run from the timeline, ${fmt(s.customers, 0)} customers\n`,
    '| step | seconds |',
    '|---|--:|',
    ...Object.entries(s.timings).map(([k, ms]) => `| ${k} | ${fmt(ms / 1000, 2)} |`),
    `| **end to end (wall)** | **${fmt(s.seconds, 2)}** |`,
    '',
    `Dashboards from the run's stored facts (median of 5 reads after a first, server side): cohorts ${fmt(s.cohortsMs, 1)} ms, churn reasons ${fmt(s.reasonsMs, 1)} ms.`,
  ].join('\n');
}

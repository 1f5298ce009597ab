import type { Benchmark } from './args.ts';
import type { ImportVsSqlRun } from './import-vs-sql-phase.ts';
import type { IngestResult } from './ingest.ts';
import { cpuPerFlag, heldStep, type LoopResult } from './loop.ts';
import type { ReadResult } from './read.ts';
import { OPEN_LOOP_SHARE } from './read.ts';
import type { ScoreResult } from './score.ts';
import type { Measured, TargetKey } from './targets.ts';

export type RunMeasures = {
  /** The generated data set, e.g. "20,000 customers, 500,000 events". */
  scale: string;
  only: Benchmark[];
  ingest?: { result: IngestResult; load: string };
  import?: { result: ImportVsSqlRun; load: string };
  read?: { results: ReadResult[]; connections: number; load: string };
  score?: { result: ScoreResult; load: string };
  loop?: { result: LoopResult; share: number; seconds: number; load: string };
};

const ONE_MILLION = 1_000_000;

/**
 * Turns what the phases of this run measured into issue 14's rows. A phase left out by `--only`
 * says so; the targets no phase of `npm run bench` measures name the script that does.
 */
export function targetsFromRun(run: RunMeasures): Partial<Record<TargetKey, Measured>> {
  const skipped = (phase: Benchmark) => ({
    notRun: `not run (--only ${run.only.join(',')}; needs ${phase})`,
  });
  const out: Partial<Record<TargetKey, Measured>> = {};
  if (run.ingest) {
    const { result: r, load } = run.ingest;
    const scale = `${run.scale}; ${r.events.toLocaleString('en-US')} events sent by ${r.clients} clients`;
    const endToEnd = r.events / (r.api.seconds + r.evaluation.seconds);
    out.ingestAccept = {
      value: r.api.rate / r.copy.rate,
      scale,
      load,
      note: `${(r.api.rate / r.copyPerBatch.rate).toFixed(2)}× COPY of 1,000 rows per transaction`,
    };
    out.ingestEndToEnd = { value: endToEnd / r.copy.rate, scale, load };
  } else {
    out.ingestAccept = skipped('ingest');
    out.ingestEndToEnd = skipped('ingest');
  }
  if (run.import) {
    const { result: r, load } = run.import;
    out.importVsSql = {
      value: r.sqlSeconds / r.importSeconds,
      scale: `data/cdnow: ${r.customers.toLocaleString('en-US')} customers, ${r.touchpoints.toLocaleString('en-US')} purchases; import ${r.importSeconds.toFixed(1)} s, SQL ${r.sqlSeconds.toFixed(1)} s`,
      load,
    };
  } else out.importVsSql = skipped('import');
  const r360 = run.read?.results.find((r) => r.name === 'customer 360');
  if (run.read && r360) {
    const { load, connections } = run.read;
    out.throughput360 = {
      value: r360.api.rps / r360.sql.rps,
      scale: `${run.scale}; ${connections} clients, API key`,
      load,
    };
    if (r360.singleClient)
      out.singleClientP99 = {
        value: r360.singleClient.p99,
        scale: `${run.scale}; 1 client, API key`,
        load,
      };
    if (r360.openLoop)
      out.openLoopP99 = {
        value: r360.openLoop.p99,
        scale: `${run.scale}; ${r360.openLoop.rate.toFixed(0)} req/s = ${OPEN_LOOP_SHARE * 100}% of ${r360.api.rps.toFixed(0)} req/s closed-loop`,
        load,
        ...(r360.openLoop.errors ? { note: `${r360.openLoop.errors} errors` } : {}),
      };
  } else {
    out.throughput360 = skipped('read');
    out.singleClientP99 = skipped('read');
    out.openLoopP99 = skipped('read');
  }
  if (run.score) {
    const { result: s, load } = run.score;
    const perMillion = (s.seconds * ONE_MILLION) / s.customers;
    // At 1M (--customers 1000000) the scale is measured; below it, say what a linear guess gives.
    out.scoring = {
      value: s.seconds,
      scale:
        s.customers >= ONE_MILLION
          ? `${s.customers.toLocaleString('en-US')} customers scored (measured at this scale)`
          : `${s.customers.toLocaleString('en-US')} customers scored (1M extrapolated linearly, not measured: ${perMillion.toFixed(0)} s)`,
      load,
    };
    out.dashboard = {
      value: Math.max(s.cohortsMs, s.reasonsMs),
      scale: `${s.customers.toLocaleString('en-US')} customers; cohorts ${s.cohortsMs.toFixed(1)} ms, reasons ${s.reasonsMs.toFixed(1)} ms`,
      load,
    };
  } else {
    out.scoring = skipped('score');
    out.dashboard = skipped('score');
  }
  if (run.loop) {
    const { result: r, share, seconds, load } = run.loop;
    // The worker is one Node process: its JavaScript runs on one core.
    const held = r.steps.filter(heldStep).at(-1);
    const steps = r.steps.map((s) => `${Math.round(s.rate * share)}`).join(', ');
    out.flaggedPerCore = {
      value: r.sustainedFlagged,
      scale:
        `${run.scale}; one worker process; steps of ${steps} flagged/s for ${seconds} s, each a new case` +
        (held ? `; ${cpuPerFlag(held).toFixed(1)} CPU ms per flagged event end to end at the held step` : ''),
      load,
      ...(held ? {} : { note: 'no step held p99 ≤ 1 s' }),
    };
  } else out.flaggedPerCore = skipped('loop');
  return out;
}

import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { Command } from 'commander';
import type { FitSummary, ScoringProgress } from '../../modules/insight/index.ts';
import { createProgress, type Progress } from '../progress.ts';
import { withRuntime } from '../with-runtime.ts';

const PHASES: Record<string, string> = {
  engagement: 'Reading engagement',
  purchases: 'Reading purchases',
  fit: 'Fitting models',
  score: 'Scoring customers',
};

export const scoreCommand = () =>
  new Command('score')
    .description(
      'Refit the insight models and rescore every customer: P(alive), CLV, churn, health (also runs nightly)',
    )
    .option('--through <date>', 'score as of the end of this day (YYYY-MM-DD), default today')
    .addCommand(scoreExportCommand())
    .option('--cancel [runId]', 'cancel the running scoring run (or the one with this id) and exit')
    .action(async (o: { through?: string; cancel?: string | true }) => {
      if (o.cancel) {
        const { cancelScoringRun } = await import('../../modules/insight/index.ts');
        const ids = await withRuntime((ctx) =>
          cancelScoringRun(ctx, typeof o.cancel === 'string' ? o.cancel : undefined),
        );
        process.stdout.write(
          ids.length ? `Cancelled run ${ids.join(', ')}.\n` : 'No scoring run is running.\n',
        );
        return;
      }
      if (o.through && !/^\d{4}-\d{2}-\d{2}$/.test(o.through))
        throw new Error('--through must be a date YYYY-MM-DD');
      // A bar per phase on a terminal, plain lines elsewhere (CI logs, cron mail).
      let bar: Progress<object> | undefined;
      let phase = '';
      const onProgress = (p: ScoringProgress) => {
        if (p.phase !== phase) {
          bar?.stop();
          bar = undefined;
          phase = p.phase;
          const label = PHASES[p.phase] ?? p.phase;
          // Fitting is one step with nothing to count: a line says it started.
          if (p.phase === 'fit') return void process.stderr.write(`${label}…\n`);
          bar = createProgress({ label, unit: 'customers' });
          bar.start(Math.max(p.total, 1), {});
        }
        bar?.update(p.done, {});
      };
      // Ctrl-C / SIGTERM: the run is marked cancelled at its next checkpoint; a second one exits at
      // once (the run's lease then lets the next run start without waiting).
      const abort = new AbortController();
      const stop = () => {
        if (abort.signal.aborted) process.exit(130);
        process.stderr.write('\nCancelling the scoring run…\n');
        abort.abort();
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
      const { runScoring } = await import('../../modules/insight/index.ts');
      const r = await withRuntime(
        (ctx) => runScoring(ctx, { through: o.through, trigger: 'cli', onProgress, signal: abort.signal }),
        { wire: true },
      ).finally(() => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
      });
      bar?.stop();
      const seconds = (Object.values(r.timings).reduce((s, v) => s + v, 0) / 1000).toFixed(1);
      process.stdout.write(
        `Scored ${r.customers} customers as of ${r.through} in ${seconds} s (run ${r.runId}).\n`,
      );
      process.stdout.write(`Model fits: ${r.fits.map(describeFit).join('; ')}.\n`);
      process.stdout.write(`Model diagnostics: GET /api/v1/insight/models\n`);
    });

const FIT_NAMES: Record<FitSummary['model'], string> = {
  purchase: 'BG/NBD',
  calibration: 'BG/NBD on the calibration period',
  'pareto-nbd': 'Pareto/NBD comparison',
  spend: 'Gamma-Gamma',
};

/** "BG/NBD 0.42 s", with how it ended when that is news: a budget hit, a limiting model. */
function describeFit(f: FitSummary): string {
  const notes = [
    f.exhausted ? `stopped by its ${f.exhausted} budget, not converged` : null,
    f.limitingModel ? `limiting model ${f.limitingModel.toUpperCase()}` : null,
  ].filter(Boolean);
  const time = `${(f.wallTimeMs / 1000).toFixed(2)} s`;
  return `${FIT_NAMES[f.model]} ${time}${notes.length ? ` (${notes.join(', ')})` : ''}`;
}

/** `tenure score export`: every customer's latest scores as CSV or JSON lines, to stdout or a file. */
export const scoreExportCommand = () =>
  new Command('export')
    .description("Write every customer's P(alive), expected purchases, CLV, churn risk and health")
    .option('--format <format>', 'csv or json (one JSON object per line)', 'csv')
    .option('--horizon-days <days>', 'horizon of expected purchases', '90')
    .option('--output <file>', 'write to this file instead of stdout')
    .action(async (o: { format: string; horizonDays: string; output?: string }) => {
      if (o.format !== 'csv' && o.format !== 'json') throw new Error('--format must be csv or json');
      const horizonDays = Number(o.horizonDays);
      if (!Number.isInteger(horizonDays) || horizonDays < 1 || horizonDays > 3650)
        throw new Error('--horizon-days must be a whole number of days from 1 to 3650');
      const out: Writable = o.output ? createWriteStream(o.output) : process.stdout;
      const write = (text: string) =>
        new Promise<void>((resolve, reject) => out.write(text, (err) => (err ? reject(err) : resolve())));
      let rows = 0;
      const { listCustomerScores, MAX_SCORES_PAGE, scoresToCsv } = await import(
        '../../modules/insight/index.ts'
      );
      await withRuntime(async (ctx) => {
        let after: string | undefined;
        do {
          const page = await listCustomerScores(ctx, { after, limit: MAX_SCORES_PAGE, horizonDays });
          if (o.format === 'csv') await write(scoresToCsv(page.data, after === undefined));
          else await write(page.data.map((r) => `${JSON.stringify(r)}\n`).join(''));
          rows += page.data.length;
          after = page.nextCursor ?? undefined;
        } while (after);
      });
      if (o.output) {
        await new Promise<void>((resolve) => out.end(resolve));
        process.stderr.write(`Wrote ${rows} customers to ${o.output}.\n`);
      }
    });

import cliProgress from 'cli-progress';
import { Command } from 'commander';
import type { ScoringProgress } from '../../modules/insight/index.ts';
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
    .action(async (o: { through?: string }) => {
      if (o.through && !/^\d{4}-\d{2}-\d{2}$/.test(o.through))
        throw new Error('--through must be a date YYYY-MM-DD');
      const bar = process.stderr.isTTY
        ? new cliProgress.SingleBar(
            { stream: process.stderr, format: '{phase} [{bar}] {value}/{total}', hideCursor: true },
            cliProgress.Presets.shades_classic,
          )
        : undefined;
      let phase = '';
      const onProgress = (p: ScoringProgress) => {
        if (!bar) return;
        if (p.phase !== phase) {
          if (phase) bar.stop();
          phase = p.phase;
          bar.start(Math.max(p.total, p.done, 1), p.done, { phase: (PHASES[p.phase] ?? p.phase).padEnd(20) });
        }
        // Reading phases do not know their total in advance: the bar grows with the count.
        bar.setTotal(Math.max(p.total, p.done, 1));
        bar.update(p.done);
      };
      const { runScoring } = await import('../../modules/insight/index.ts');
      const r = await withRuntime(
        (ctx) => runScoring(ctx, { through: o.through, trigger: 'cli', onProgress }),
        { wire: true },
      );
      bar?.stop();
      const seconds = (Object.values(r.timings).reduce((s, v) => s + v, 0) / 1000).toFixed(1);
      process.stdout.write(
        `Scored ${r.customers} customers as of ${r.through} in ${seconds} s (run ${r.runId}).\n`,
      );
      process.stdout.write(`Model diagnostics: GET /api/v1/insight/models\n`);
    });

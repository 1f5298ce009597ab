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
    .addCommand(scoreModelsCommand())
    .addCommand(scoreSettingsCommand())
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

type Json = Record<string, unknown> & { [k: string]: unknown };
type Evaluation = {
  byFrequency: { frequency: string; customers: number; actualMean: number; expectedMean: number }[];
  totals: { actual: number; expected: number; relativeError: number };
  correlation: number;
  calibrationChiSquare: { statistic: number; degreesOfFreedom: number; pValue: number } | null;
};

const fixed = (v: unknown, digits = 4) => (typeof v === 'number' ? v.toFixed(digits) : '—');
const MODEL_NAMES: Record<string, string> = {
  'bg-nbd': 'BG/NBD',
  nbd: 'NBD',
  'pareto-nbd': 'Pareto/NBD',
  'gamma-gamma': 'Gamma-Gamma',
  'own-average': 'own average spend',
};
const PARAMETERS = [
  ['r', 'r'],
  ['alpha', 'α'],
  ['a', 'a'],
  ['b', 'b'],
  ['s', 's'],
  ['beta', 'β'],
  ['p', 'p'],
  ['q', 'q'],
  ['gamma', 'γ'],
] as const;
const paramsText = (p: unknown) => {
  const values = (p ?? {}) as Record<string, number>;
  return PARAMETERS.filter(([k]) => k in values)
    .map(([k, symbol]) => `${symbol} ${fixed(values[k])}`)
    .join(', ');
};

/** A stored fit as one line: model, parameters, log-likelihood, how it ended, its limiting model. */
function fitLine(label: string, model: Json | null, fit: Json, extra = ''): string {
  const limiting = (fit.limitingModel as { reason: string } | null)?.reason;
  const budget = (fit.budget as { exhausted: string | null } | undefined)?.exhausted;
  const name = MODEL_NAMES[String(model?.kind)] ?? String(model?.kind ?? '');
  const status = `${fit.converged ? 'converged' : 'NOT converged'}${budget ? ` (${budget} budget hit)` : ''}`;
  return (
    `${label}: ${name} ${paramsText(model?.params)}; LL ${fixed(fit.logLikelihood)}; ${status}; ` +
    `${fit.customers} customers${extra}${limiting ? `\n    ${limiting}` : ''}`
  );
}

/** The latest run's models as text: the figures docs/reproduce-cdnow.md compares with the papers. */
export function formatModels(d: {
  run: { id: string; through: string; status: string; customers: number } | null;
  models: { kind: string; params: Json; diagnostics: Json }[];
}): string {
  if (!d.run) return 'No successful scoring run yet: run `tenure score` first.\n';
  const kind = (k: string) => d.models.find((m) => m.kind === k);
  const out = [`Run ${d.run.id}, through ${d.run.through}, ${d.run.customers} customers.`];
  const purchase = kind('purchase');
  if (purchase) out.push(fitLine('Purchase model', purchase.params.model as Json, purchase.diagnostics));
  const spend = kind('spend');
  if (spend) {
    const extra =
      `; γ in ${String(spend.params.unit ?? '')}` +
      `; frequency–spend correlation ${fixed(spend.diagnostics.frequencySpendCorrelation)}`;
    out.push(fitLine('Spend model', spend.params.model as Json, spend.diagnostics, extra));
  }
  const holdout = kind('holdout');
  if (holdout) {
    const bg = holdout.diagnostics.bgNbd as { fit: Json; evaluation: Evaluation };
    const pn = holdout.diagnostics.paretoNbd as { fit: Json; evaluation: Evaluation } | null;
    const weeks = Number(holdout.params.holdoutWeeks);
    out.push(
      `Holdout check: the last ${weeks} weeks to ${d.run.through} held out, models fitted on what came before.`,
    );
    out.push(fitLine('  Calibration fit', holdout.params.calibration as Json, bg.fit));
    if (pn) {
      const pModel = { kind: 'pareto-nbd', params: holdout.params.paretoNbd };
      out.push(fitLine('  Pareto/NBD comparison', pModel, pn.fit));
    }
    out.push('  Mean holdout purchases per customer by calibration repeat purchases x:');
    const row = (cells: string[]) => `  ${cells.map((c) => c.padStart(11)).join('')}`;
    out.push(row(['x', 'customers', 'actual', 'BG/NBD', ...(pn ? ['Pareto/NBD'] : [])]));
    bg.evaluation.byFrequency.forEach((b, i) => {
      const p = pn?.evaluation.byFrequency[i];
      const cells = [b.frequency, String(b.customers), fixed(b.actualMean), fixed(b.expectedMean)];
      out.push(row(p ? [...cells, fixed(p.expectedMean)] : cells));
    });
    const chi = bg.evaluation.calibrationChiSquare;
    const t = bg.evaluation.totals;
    out.push(
      `  Holdout purchases: actual ${t.actual}, BG/NBD expected ${fixed(t.expected, 1)}` +
        `; correlation with actual ${fixed(bg.evaluation.correlation)}` +
        (chi
          ? `; calibration χ² ${fixed(chi.statistic, 3)} (${chi.degreesOfFreedom} df, p ${fixed(chi.pValue, 3)})`
          : ''),
    );
    if (pn) {
      const pt = pn.evaluation.totals;
      out.push(
        `  Pareto/NBD on its ${pn.fit.customers} customers: actual ${pt.actual}, expected ${fixed(pt.expected, 1)}` +
          `; correlation with actual ${fixed(pn.evaluation.correlation)}`,
      );
    }
  }
  return `${out.join('\n')}\n`;
}

/** `tenure score models`: the latest run's model fits and holdout tables, as text or JSON. */
export const scoreModelsCommand = () =>
  new Command('models')
    .description(
      "Print the latest scoring run's models: parameters, fit, boundaries, holdout table by frequency",
    )
    .option('--run <id>', 'a given run instead of the latest successful one')
    .option('--json', 'the same JSON as GET /api/v1/insight/models')
    .action(async (o: { run?: string; json?: boolean }) => {
      if (o.run && !/^[0-9a-f-]{36}$/i.test(o.run)) throw new Error('--run must be a run id (a UUID)');
      const { getModelDiagnostics } = await import('../../modules/insight/index.ts');
      const d = await withRuntime((ctx) => getModelDiagnostics(ctx, o.run));
      process.stdout.write(
        o.json ? `${JSON.stringify(d, null, 2)}\n` : formatModels(d as Parameters<typeof formatModels>[0]),
      );
    });

const collect = (value: string, previous: string[]) => [...previous, value];

/** `key=value` pairs → a settings patch; values are JSON where they parse (39, {"GBP":1.27}), else text. */
export function parseSettingAssignments(pairs: string[]): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at < 1) throw new Error(`--set takes key=value, got "${pair}"`);
    const raw = pair.slice(at + 1);
    let value: unknown = raw;
    try {
      value = JSON.parse(raw);
    } catch {
      // Not JSON: a plain word such as USD.
    }
    patch[pair.slice(0, at)] = value;
  }
  return patch;
}

/** `tenure score settings [--set key=value …]`: the insight settings, as PUT /api/v1/insight/settings sees them. */
export const scoreSettingsCommand = () =>
  new Command('settings')
    .description(
      'Show the scoring settings, or change them with --set (same settings and checks as PUT /api/v1/insight/settings)',
    )
    .option('--set <key=value>', 'e.g. holdoutWeeks=39 or fxRates=\'{"GBP":1.27}\' (repeatable)', collect, [])
    .action(async (o: { set: string[] }) => {
      const patch = parseSettingAssignments(o.set);
      const { getInsightSettings, insightSettings, updateInsightSettings } = await import(
        '../../modules/insight/index.ts'
      );
      const { patchOf } = await import('../../kernel/validation.ts');
      const parsed = patchOf(insightSettings).strict().safeParse(patch);
      if (!parsed.success) {
        const problems = parsed.error.issues.map((i) => `${i.path.join('.') || 'settings'}: ${i.message}`);
        throw new Error(`Invalid settings: ${problems.join('; ')}`);
      }
      const settings = await withRuntime((ctx) =>
        o.set.length ? updateInsightSettings(ctx, parsed.data) : getInsightSettings(ctx),
      );
      process.stdout.write(`${JSON.stringify(settings, null, 2)}\n`);
    });

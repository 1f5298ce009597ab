import { sql } from 'kysely';
import { type Ctx, defineJob } from '../../kernel/context.ts';
import {
  type EngagementSummary,
  type PurchaseSummary,
  splitCustomerIds,
  summarizeEngagement,
  summarizePurchaseMonths,
  summarizePurchases,
} from '../customers/index.ts';
import { storeChurnReports } from './churn/store-churn-reports.ts';
import { buildCohortMatrix } from './cohorts/build-cohort-matrix.ts';
import { getInsightSettings, type InsightSettings } from './get-settings.ts';
import { buildScoringContext } from './scoring/build-scoring-context.ts';
import { checkCurrency } from './scoring/check-currency.ts';
import { CustomerData } from './scoring/customer-data.ts';
import { fitPurchaseModels } from './scoring/fit-purchase-models.ts';
import { minorUnitRates } from './scoring/minor-unit-rates.ts';
import { readPagesInOrder } from './scoring/read-pages-in-order.ts';
import { claimRun, RENEW_EVERY_MS, RunCancelled, renewLease } from './scoring/run-lease.ts';
import { scoreAll } from './scoring/score-all.ts';
import { type FitSummary, summarizeFits } from './scoring/summarize-fits.ts';
import { trainChurnModel } from './scoring/train-churn-model.ts';
import { storeRunModels } from './store-run-models.ts';

export type ScoringProgress = { phase: string; done: number; total: number };
export type ScoringResult = {
  runId: string;
  through: string;
  customers: number;
  timings: Record<string, number>;
  /** Each model fit's time and outcome (the Pareto/NBD comparison against BG/NBD, budgets hit). */
  fits: FitSummary[];
  /** Of the score phase: time scoring in this process, and time waiting for the database's writes. */
  scoreSplit: { computeMs: number; waitMs: number };
};

const DAY = 86_400_000;
/**
 * Customers per page of the aggregation phases, and pages read at once (each on its own
 * connection): two, one per core of a small server; more only queue. A shop below a page reads
 * everyone in one statement, as before.
 */
const SCORING_PAGE = 100_000;
const PAGES_AT_ONCE = 2;
const toDay = (iso: string) => Math.round(Date.parse(`${iso}T00:00:00Z`) / DAY);
const isoOf = (day: number) => new Date(day * DAY).toISOString().slice(0, 10);

/**
 * A scoring run: aggregates every customer's purchases and engagement in the database (streamed
 * in batches), refits BG/NBD + Gamma-Gamma and the churn classifier, rescores every customer
 * (P(alive), expected purchases, CLV, churn probability with drivers, RFM, health with its
 * components, lapsed flag) and writes scores plus the day's history in batches. Models and their
 * diagnostics are stored with the run for /api/v1/insight/models. One run at a time: the run
 * holds a lease it renews while alive, so a run whose process died blocks nothing (see claimRun);
 * `signal` (Ctrl-C, SIGTERM) or `cancelScoringRun` stop it, marked 'cancelled'.
 */
export async function runScoring(
  ctx: Pick<Ctx, 'db' | 'clock' | 'log'>,
  opts: {
    through?: string;
    trigger?: string;
    settings?: Partial<InsightSettings>;
    onProgress?: (p: ScoringProgress) => void;
    /** Aborting it cancels the run at its next checkpoint (between phases and batches). */
    signal?: AbortSignal;
    /** Called once the run exists, with its id (the CLI prints it for `--cancel`). */
    onStart?: (runId: string) => void;
  } = {},
): Promise<ScoringResult> {
  const settings = { ...(await getInsightSettings(ctx)), ...opts.settings };
  const through = opts.through ?? ctx.clock.now().toISOString().slice(0, 10);
  const throughDay = toDay(through);
  await checkCurrency(ctx, { through, currency: settings.currency, fxRates: settings.fxRates });
  const rates = minorUnitRates(settings.currency, settings.fxRates);
  const runId = await claimRun(ctx, { through, trigger: opts.trigger ?? 'api' });
  opts.onStart?.(runId);
  let cancelled = false;
  const renew = async () => {
    try {
      await renewLease(ctx, runId);
    } catch (err) {
      if (err instanceof RunCancelled) cancelled = true;
      else ctx.log.warn({ err, runId }, 'could not renew the scoring run lease');
    }
  };
  const timer = setInterval(renew, RENEW_EVERY_MS);
  timer.unref();
  const checkpoint = () => {
    if (cancelled || opts.signal?.aborted) throw new RunCancelled(runId);
  };
  const timings: Record<string, number> = {};
  let mark = performance.now();
  const lap = (name: string) => {
    const now = performance.now();
    timings[name] = Math.round(now - mark);
    mark = now;
  };
  const progress = (phase: string, done: number, total: number) => {
    checkpoint();
    opts.onProgress?.({ phase, done, total });
  };
  try {
    const splitDay = throughDay - settings.holdoutWeeks * 7;
    const cutoffDay = throughDay - settings.churnHorizonDays;
    const data = new CustomerData();
    const pages = await splitCustomerIds(ctx, SCORING_PAGE);
    const engagement = {
      through,
      cutoff: isoOf(cutoffDay),
      windowDays: settings.engagementWindowDays,
      currency: settings.currency,
      fields: [...new Set([...settings.classifierFields, ...settings.segmentFields])],
    };
    await readPagesInOrder<EngagementSummary>(
      pages,
      PAGES_AT_ONCE,
      (range, onBatch) => summarizeEngagement(ctx, { ...engagement, range }, onBatch),
      (rows) => {
        data.addEngagement(rows);
        progress('engagement', data.size, 0);
      },
    );
    data.sealEngagement(true);
    lap('engagement');
    let buyers = 0;
    const purchases = { through, splitAt: isoOf(splitDay), currency: settings.currency, rates };
    await readPagesInOrder<PurchaseSummary>(
      pages,
      PAGES_AT_ONCE,
      (range, onBatch) => summarizePurchases(ctx, { ...purchases, range }, onBatch),
      (rows) => {
        data.addPurchases(rows, throughDay, splitDay);
        buyers += rows.length;
        progress('purchases', buyers, 0);
      },
    );
    lap('purchases');

    await renew();
    progress('fit', 0, 1);
    const models = fitPurchaseModels(data, settings);
    lap('fit');
    const churn = trainChurnModel(data, {
      cutoffDay,
      throughDay,
      fields: settings.classifierFields,
      sampleSize: settings.classifierSampleSize,
    });
    lap('churn');
    await renew();
    checkpoint();

    const s = buildScoringContext(data, models, churn, settings, throughDay);
    const run = { id: runId, scoredAt: ctx.clock.now(), scoredOn: through, currency: settings.currency };
    const scoreSplit = await scoreAll(ctx, data, s, run, (done, total) => progress('score', done, total));
    lap('score');

    const cohorts = buildCohortMatrix(
      await summarizePurchaseMonths(ctx, { through, currency: settings.currency, rates }),
    );
    lap('cohorts');
    checkpoint();
    await sql`delete from insight_score_history where scored_on < ${isoOf(throughDay - settings.healthHistoryDays)}::date`.execute(
      ctx.db,
    );
    await storeRunModels(ctx, runId, {
      models,
      churn,
      cohorts,
      settings,
      customers: data.size,
      buyers: models?.sampled.of ?? 0,
    });
    lap('store');
    await storeChurnReports(ctx, runId, { through, settings });
    lap('churn-reports');
    clearInterval(timer);
    await ctx.db
      .updateTable('insight_run')
      .set({
        status: 'succeeded',
        finished_at: new Date(),
        customers: data.size,
        timings: JSON.stringify(timings),
      })
      .where('id', '=', runId)
      .execute();
    return { runId, through, customers: data.size, timings, fits: summarizeFits(models), scoreSplit };
  } catch (err) {
    clearInterval(timer);
    const wasCancelled = err instanceof RunCancelled;
    // A run cancelled from outside is already marked; one cancelled by its signal is marked here.
    await ctx.db
      .updateTable('insight_run')
      .set({
        status: wasCancelled ? 'cancelled' : 'failed',
        finished_at: new Date(),
        error: wasCancelled ? 'Cancelled' : (err as Error).message,
        timings: JSON.stringify(timings),
      })
      .where('id', '=', runId)
      .where('status', '=', 'running')
      .execute();
    throw err;
  }
}

/** Nightly refit and rescore, after the customers module's status refresh (03:15). */
export const runScoringJob = defineJob<{ through?: string }>({
  name: 'insight.run-scoring',
  cron: '45 3 * * *',
  retryLimit: 1,
  handle: (ctx, data) => runScoring(ctx, { through: data?.through, trigger: 'job' }),
});

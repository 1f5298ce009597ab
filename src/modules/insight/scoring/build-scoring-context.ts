import type { InsightSettings } from '../get-settings.ts';
import { registeredHealthComponents } from '../health/health-components.ts';
import { monthEndsInWeeks, monthlyRate } from '../models/clv.ts';
import { quintileCuts } from '../models/rfm.ts';
import type { CustomerData } from './customer-data.ts';
import type { PurchaseModels } from './fit-purchase-models.ts';
import type { ScoringContext } from './score-batch.ts';
import type { ChurnModel } from './train-churn-model.ts';

const DAY = 86_400_000;

/** Everything a run scores each customer against, computed once: models, horizons, population cut points. */
export function buildScoringContext(
  data: CustomerData,
  models: PurchaseModels | null,
  churn: ChurnModel | { skipped: string },
  settings: InsightSettings,
  throughDay: number,
): ScoringContext {
  const buyerIdx: number[] = [];
  for (let i = 0; i < data.size; i++) if (!Number.isNaN(data.x[i] as number)) buyerIdx.push(i);
  // CLV months are calendar months counted from the end of the reference day.
  const asOf = new Date((throughDay + 1) * DAY);
  return {
    throughDay,
    windowDays: settings.engagementWindowDays,
    purchase: models?.purchase.model ?? null,
    spend: models && !models.spend.diagnostics.insufficientData ? models.spend.model : null,
    churn: 'classifier' in churn ? churn : null,
    classifierFields: settings.classifierFields,
    segmentFields: settings.segmentFields,
    monthEnds: monthEndsInWeeks(asOf, settings.clvMonths),
    monthlyDiscount: monthlyRate(settings.annualDiscountRate),
    expectedWeeks: settings.expectedPurchasesDays / 7,
    rfmCuts: {
      recency: quintileCuts(
        Float64Array.from(buyerIdx, (i) => throughDay - (data.lastPurchaseDay[i] as number)),
      ),
      frequency: quintileCuts(Float64Array.from(buyerIdx, (i) => (data.x[i] as number) + 1)),
      monetary: quintileCuts(
        Float64Array.from(buyerIdx, (i) => (data.revenue[i] as number) / ((data.x[i] as number) + 1)),
      ),
    },
    touchesSorted: Float64Array.from(data.through.touches.filter((v) => !Number.isNaN(v))).sort(),
    weights: settings.healthWeights,
    providers: registeredHealthComponents(),
    lapsedBelowProbabilityAlive: settings.lapsedBelowProbabilityAlive,
    lapsedAfterDays: settings.lapsedAfterDays,
  };
}

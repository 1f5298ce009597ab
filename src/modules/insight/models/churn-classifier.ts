import {
  fitLogisticRegression,
  type LogisticModel,
  predictLogit,
  sigmoid,
} from '../math/logistic-regression.ts';
import { rocAuc, seededRandom } from '../math/statistics.ts';
import {
  buildFeatureEncoder,
  encodeFeatures,
  type FeatureEncoder,
  type FeatureRow,
  type FeatureSpec,
} from './encode-features.ts';

/** A learned effect, readable by a person: "Contract: Two year → odds ×0.26". */
export type ChurnEffect = {
  feature: string;
  label: string;
  coefficient: number;
  oddsRatio: number;
  /** For numeric features: the change the odds ratio is per (one training standard deviation). */
  per: number | null;
};

export type CalibrationBin = { bin: number; customers: number; meanPredicted: number; observedRate: number };

export type ChurnClassifier = {
  encoder: FeatureEncoder;
  model: LogisticModel;
  /** Platt scaling fitted on out-of-fold predictions: p = σ(a·logit + b). */
  calibration: { a: number; b: number };
  effects: ChurnEffect[];
  diagnostics: {
    trainingRows: number;
    churnRate: number;
    crossValidatedAuc: { mean: number; sd: number; folds: number };
    calibrationTable: CalibrationBin[];
    brierScore: number;
  };
};

export type ChurnPrediction = {
  probability: number;
  drivers: { feature: string; label: string; contribution: number }[];
};

/** Stratified fold labels 0..k−1, shuffled by a seeded generator so a rerun gives the same folds. */
export function stratifiedFolds(labels: ArrayLike<boolean>, k: number, seed: number): Int32Array {
  const rand = seededRandom(seed);
  const folds = new Int32Array(labels.length);
  for (const cls of [true, false]) {
    const idx: number[] = [];
    for (let i = 0; i < labels.length; i++) if (Boolean(labels[i]) === cls) idx.push(i);
    for (let i = idx.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [idx[i], idx[j]] = [idx[j] as number, idx[i] as number];
    }
    idx.forEach((row, n) => {
      folds[row] = n % k;
    });
  }
  return folds;
}

function calibrationTable(
  probabilities: ArrayLike<number>,
  labels: ArrayLike<boolean>,
  bins = 10,
): CalibrationBin[] {
  const acc = Array.from({ length: bins }, () => ({ n: 0, p: 0, y: 0 }));
  for (let i = 0; i < probabilities.length; i++) {
    const p = probabilities[i] as number;
    const b = acc[Math.min(bins - 1, Math.floor(p * bins))] as { n: number; p: number; y: number };
    b.n++;
    b.p += p;
    b.y += labels[i] ? 1 : 0;
  }
  return acc.flatMap((b, bin) =>
    b.n ? [{ bin, customers: b.n, meanPredicted: b.p / b.n, observedRate: b.y / b.n }] : [],
  );
}

/**
 * Trains the churn classifier: L2-regularised logistic regression on encoded features, k-fold
 * cross-validation for an honest AUC and out-of-fold scores, Platt scaling on those scores so the
 * probabilities are calibrated, and the learned effects as odds ratios. Deterministic for a seed.
 */
export function trainChurnClassifier(
  rows: readonly FeatureRow[],
  labels: readonly boolean[],
  specs: readonly FeatureSpec[],
  opts: { l2?: number; folds?: number; seed?: number } = {},
): ChurnClassifier {
  const l2 = opts.l2 ?? 1;
  const k = opts.folds ?? 5;
  const encoder = buildFeatureEncoder(rows, specs);
  const x = rows.map((r) => encodeFeatures(encoder, r));
  const folds = stratifiedFolds(labels, k, opts.seed ?? 42);
  const outOfFold = new Float64Array(rows.length);
  const foldAucs: number[] = [];
  for (let f = 0; f < k; f++) {
    const trainIdx: number[] = [];
    const testIdx: number[] = [];
    for (let i = 0; i < rows.length; i++) (folds[i] === f ? testIdx : trainIdx).push(i);
    if (testIdx.length === 0 || trainIdx.length === 0) continue;
    const m = fitLogisticRegression(
      trainIdx.map((i) => x[i] as Float64Array),
      trainIdx.map((i) => labels[i] as boolean),
      { l2 },
    );
    for (const i of testIdx) outOfFold[i] = predictLogit(m, x[i] as Float64Array);
    foldAucs.push(
      rocAuc(
        testIdx.map((i) => outOfFold[i] as number),
        testIdx.map((i) => labels[i] as boolean),
      ),
    );
  }
  const platt = fitLogisticRegression(
    Array.from(outOfFold, (v) => Float64Array.of(v)),
    labels,
    { l2: 1e-6 },
  );
  const calibration = { a: platt.weights[0] ?? 1, b: platt.intercept };
  const model = fitLogisticRegression(x, labels, { l2 });
  const calibrated = Array.from(outOfFold, (z) => sigmoid(calibration.a * z + calibration.b));
  const mean = foldAucs.reduce((s, v) => s + v, 0) / Math.max(1, foldAucs.length);
  const sd = Math.sqrt(foldAucs.reduce((s, v) => s + (v - mean) ** 2, 0) / Math.max(1, foldAucs.length - 1));
  const positives = labels.filter(Boolean).length;
  return {
    encoder,
    model,
    calibration,
    effects: encoder.columns
      .map((c, j) => {
        const w = model.weights[j] as number;
        return {
          feature: c.feature,
          label: c.label,
          coefficient: w,
          oddsRatio: Math.exp(w),
          per: c.kind === 'numeric' ? (c.sd ?? null) : null,
        };
      })
      .sort((a, b) => Math.abs(b.coefficient) - Math.abs(a.coefficient)),
    diagnostics: {
      trainingRows: rows.length,
      churnRate: rows.length ? positives / rows.length : 0,
      crossValidatedAuc: { mean, sd, folds: foldAucs.length },
      calibrationTable: calibrationTable(calibrated, labels),
      brierScore:
        calibrated.reduce((s, p, i) => s + (p - (labels[i] ? 1 : 0)) ** 2, 0) / Math.max(1, rows.length),
    },
  };
}

/**
 * Calibrated churn probability and what drives it for this customer: each feature's contribution
 * to the logit relative to the average training customer, largest risk-raising first.
 */
export function predictChurn(c: ChurnClassifier, row: FeatureRow, topDrivers = 3): ChurnPrediction {
  const x = encodeFeatures(c.encoder, row);
  const logit = predictLogit(c.model, x);
  const byFeature = new Map<string, { label: string; contribution: number }>();
  c.encoder.columns.forEach((col, j) => {
    const contribution = (c.model.weights[j] as number) * ((x[j] as number) - col.baseline);
    const prev = byFeature.get(col.feature);
    // A categorical feature is explained by the level the customer has.
    const label = col.kind === 'numeric' || (x[j] as number) === 1 ? col.label : (prev?.label ?? col.label);
    byFeature.set(col.feature, { label, contribution: (prev?.contribution ?? 0) + contribution });
  });
  const drivers = [...byFeature.entries()]
    .map(([feature, v]) => ({ feature, ...v }))
    .filter((d) => d.contribution > 0)
    .sort((a, b) => b.contribution - a.contribution)
    .slice(0, topDrivers);
  return { probability: sigmoid(c.calibration.a * logit + c.calibration.b), drivers };
}

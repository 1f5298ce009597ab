import { chiSquarePValue } from '../math/chi-square.ts';
import { pearson } from '../math/statistics.ts';

export type HoldoutCustomer = { x: number; tx: number; T: number; xStar: number };

export type HoldoutEvaluation = {
  holdoutLength: number;
  /** Mean holdout purchases, actual vs expected, by calibration frequency 0, 1, …, and "N+". */
  byFrequency: { frequency: string; customers: number; actualMean: number; expectedMean: number }[];
  totals: { customers: number; actual: number; expected: number; relativeError: number };
  /** Correlation of each customer's expected and actual holdout purchases. */
  correlation: number;
  /** Calibration-period histogram test: observed vs expected customers by repeat purchases. */
  calibrationChiSquare: {
    statistic: number;
    degreesOfFreedom: number;
    pValue: number;
    cells: { frequency: string; observed: number; expected: number }[];
  } | null;
};

/**
 * The standard checks of a buy-till-you-die model (FHL 2005a §4): fit on a calibration period,
 * predict each customer's purchases in a holdout of the same length for everyone, and compare by
 * calibration frequency, in total, and customer by customer.
 */
export function evaluateHoldout(
  customers: readonly HoldoutCustomer[],
  model: {
    conditional: (t: number, x: number, tx: number, T: number) => number;
    /** P(X(t) = n), for the calibration histogram; omitted for models without a closed form. */
    probabilityOfPurchases?: (t: number, n: number) => number;
    parameters: number;
  },
  holdoutLength: number,
  opts: { lastBin?: number } = {},
): HoldoutEvaluation {
  const lastBin = opts.lastBin ?? 7;
  const label = (k: number) => (k === lastBin ? `${lastBin}+` : String(k));
  const bins = Array.from({ length: lastBin + 1 }, () => ({ customers: 0, actual: 0, expected: 0 }));
  const expected = new Float64Array(customers.length);
  const actual = new Float64Array(customers.length);
  customers.forEach((c, i) => {
    const e = model.conditional(holdoutLength, c.x, c.tx, c.T);
    expected[i] = e;
    actual[i] = c.xStar;
    const bin = bins[Math.min(c.x, lastBin)] as { customers: number; actual: number; expected: number };
    bin.customers++;
    bin.actual += c.xStar;
    bin.expected += e;
  });
  const sumActual = actual.reduce((s, v) => s + v, 0);
  const sumExpected = expected.reduce((s, v) => s + v, 0);

  let calibrationChiSquare: HoldoutEvaluation['calibrationChiSquare'] = null;
  const pmf = model.probabilityOfPurchases;
  if (pmf) {
    const exp = new Array<number>(lastBin + 1).fill(0);
    for (const c of customers) {
      let below = 0;
      for (let k = 0; k < lastBin; k++) {
        const pk = pmf(c.T, k);
        exp[k] = (exp[k] as number) + pk;
        below += pk;
      }
      exp[lastBin] = (exp[lastBin] as number) + Math.max(0, 1 - below);
    }
    const cells = bins.map((b, k) => ({
      frequency: label(k),
      observed: b.customers,
      expected: exp[k] as number,
    }));
    const statistic = cells.reduce(
      (s, c) => s + (c.expected > 0 ? (c.observed - c.expected) ** 2 / c.expected : 0),
      0,
    );
    const degreesOfFreedom = Math.max(1, cells.length - 1 - model.parameters);
    calibrationChiSquare = {
      statistic,
      degreesOfFreedom,
      pValue: chiSquarePValue(statistic, degreesOfFreedom),
      cells,
    };
  }

  return {
    holdoutLength,
    byFrequency: bins.map((b, k) => ({
      frequency: label(k),
      customers: b.customers,
      actualMean: b.customers ? b.actual / b.customers : 0,
      expectedMean: b.customers ? b.expected / b.customers : 0,
    })),
    totals: {
      customers: customers.length,
      actual: sumActual,
      expected: sumExpected,
      relativeError: sumActual ? (sumExpected - sumActual) / sumActual : 0,
    },
    correlation: pearson(expected, actual),
    calibrationChiSquare,
  };
}

/** Σᵢ E[X(t − sᵢ)] over customers whose first purchase sᵢ is before t: the aggregate tracking curve. */
export function expectedCumulativePurchases(
  firsts: readonly number[],
  expected: (t: number) => number,
  at: number,
): number {
  let total = 0;
  for (const s of firsts) if (at > s) total += expected(at - s);
  return total;
}

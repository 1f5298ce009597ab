import type { EngagementSummary, EngagementWindow, PurchaseSummary } from '../../customers/index.ts';

/** Engagement windows column-wise (NaN = none), so a million customers cost a few typed arrays. */
export type WindowColumns = Record<keyof EngagementWindow, Float64Array>;

const WINDOW_KEYS: (keyof EngagementWindow)[] = [
  'lastTouchDay',
  'lastPurchaseDay',
  'touches',
  'touchesPrior',
  'tickets',
  'sentiment',
  'sentimentPrior',
  'purchases',
  'spendMinor',
  'spendPriorMinor',
];

/**
 * Everything a scoring run knows about every customer, column-wise. Purchase columns are NaN for
 * customers who never bought; `x`, `tx`, `T` are in weeks as the models expect.
 */
export class CustomerData {
  ids: string[] = [];
  index = new Map<string, number>();
  status: string[] = [];
  lifecycleStage: (string | null)[] = [];
  fields: Record<string, unknown>[] = [];
  firstSeenDay: number[] = [];
  churnedDay: (number | null)[] = [];
  // Growing columns while engagement streams in, in WINDOW_KEYS order; typed arrays once sealed.
  private throughCols: number[][] = WINDOW_KEYS.map(() => []);
  private cutoffCols: number[][] = WINDOW_KEYS.map(() => []);
  through!: WindowColumns;
  cutoff: WindowColumns | null = null;
  // Purchases through the reference day, and as of the split day (calibration) with the holdout count.
  firstPurchaseDay!: Float64Array;
  lastPurchaseDay!: Float64Array;
  x!: Float64Array;
  tx!: Float64Array;
  T!: Float64Array;
  spendX!: Float64Array;
  zbar!: Float64Array;
  revenue!: Float64Array;
  splitX!: Float64Array;
  splitTx!: Float64Array;
  splitT!: Float64Array;
  holdout!: Float64Array;

  get size(): number {
    return this.ids.length;
  }

  addEngagement(rows: EngagementSummary[]): void {
    for (const r of rows) this.push(r.customerId, r);
  }

  private push(id: string, r: EngagementSummary | null): number {
    const i = this.ids.length;
    this.ids.push(id);
    this.index.set(id, i);
    this.status.push(r?.status ?? 'active');
    this.lifecycleStage.push(r?.lifecycleStage ?? null);
    this.fields.push(r?.fields ?? {});
    this.firstSeenDay.push(r?.firstSeenDay ?? Number.NaN);
    this.churnedDay.push(r?.churnedDay ?? null);
    for (const [cols, w] of [
      [this.throughCols, r?.through],
      [this.cutoffCols, r?.cutoff],
    ] as const) {
      for (let k = 0; k < WINDOW_KEYS.length; k++) {
        const v = w?.[WINDOW_KEYS[k] as keyof EngagementWindow];
        (cols[k] as number[]).push(v === null || v === undefined ? Number.NaN : v);
      }
    }
    return i;
  }

  /** Freezes engagement into typed columns and allocates the purchase columns. */
  sealEngagement(hasCutoff: boolean): void {
    const make = (cols: number[][]) =>
      Object.fromEntries(WINDOW_KEYS.map((k, j) => [k, Float64Array.from(cols[j] ?? [])])) as WindowColumns;
    this.through = make(this.throughCols);
    this.cutoff = hasCutoff ? make(this.cutoffCols) : null;
    this.throughCols = [];
    this.cutoffCols = [];
    const n = this.size;
    for (const k of [
      'firstPurchaseDay',
      'lastPurchaseDay',
      'x',
      'tx',
      'T',
      'spendX',
      'zbar',
      'splitX',
      'splitTx',
      'splitT',
      'holdout',
    ] as const) {
      this[k] = new Float64Array(n).fill(Number.NaN);
    }
    this.revenue = new Float64Array(n);
  }

  /** Merges purchase summaries; `referenceDay` and `splitDay` are the inclusive ends in days. */
  addPurchases(rows: PurchaseSummary[], referenceDay: number, splitDay: number): void {
    for (const p of rows) {
      let i = this.index.get(p.customerId);
      if (i === undefined) i = this.growFor(p.customerId);
      this.firstPurchaseDay[i] = p.firstDay;
      this.lastPurchaseDay[i] = p.through.lastDay;
      this.x[i] = p.through.days - 1;
      this.tx[i] = (p.through.lastDay - p.firstDay) / 7;
      this.T[i] = (referenceDay - p.firstDay) / 7;
      this.spendX[i] = p.through.repeatAmountDays;
      this.zbar[i] =
        p.through.repeatAmountDays > 0 ? p.through.repeatSpendMinor / p.through.repeatAmountDays : 0;
      this.revenue[i] = p.through.totalSpendMinor;
      if (p.split) {
        this.splitX[i] = p.split.days - 1;
        this.splitTx[i] = (p.split.lastDay - p.firstDay) / 7;
        this.splitT[i] = (splitDay - p.firstDay) / 7;
        this.holdout[i] = p.split.holdoutDays;
      }
    }
  }

  // A buyer without an engagement row (created after the reference day): give them empty columns.
  private growFor(id: string): number {
    const i = this.ids.length;
    this.ids.push(id);
    this.index.set(id, i);
    this.status.push('active');
    this.lifecycleStage.push(null);
    this.fields.push({});
    this.firstSeenDay.push(Number.NaN);
    this.churnedDay.push(null);
    const grow = (a: Float64Array, fill: number) => {
      const b = new Float64Array(a.length + 1).fill(fill);
      b.set(a);
      return b;
    };
    for (const w of [this.through, this.cutoff]) {
      if (!w) continue;
      for (const k of WINDOW_KEYS) w[k] = grow(w[k], Number.NaN);
    }
    for (const k of [
      'firstPurchaseDay',
      'lastPurchaseDay',
      'x',
      'tx',
      'T',
      'spendX',
      'zbar',
      'splitX',
      'splitTx',
      'splitT',
      'holdout',
    ] as const) {
      this[k] = grow(this[k], Number.NaN);
    }
    this.revenue = grow(this.revenue, 0);
    return i;
  }

  window(cols: WindowColumns, i: number): EngagementWindow | null {
    if (Number.isNaN(cols.touches[i] as number)) return null;
    const v = (k: keyof EngagementWindow) => {
      const x = cols[k][i] as number;
      return Number.isNaN(x) ? null : x;
    };
    return {
      lastTouchDay: v('lastTouchDay'),
      lastPurchaseDay: v('lastPurchaseDay'),
      touches: v('touches') ?? 0,
      touchesPrior: v('touchesPrior') ?? 0,
      tickets: v('tickets') ?? 0,
      sentiment: v('sentiment'),
      sentimentPrior: v('sentimentPrior'),
      purchases: v('purchases') ?? 0,
      spendMinor: v('spendMinor') ?? 0,
      spendPriorMinor: v('spendPriorMinor') ?? 0,
    };
  }
}

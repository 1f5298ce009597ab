export type FeatureValue = number | string | boolean | null | undefined;
export type FeatureRow = Record<string, FeatureValue>;
export type FeatureSpec = { name: string; kind?: 'numeric' | 'categorical'; label?: string };

/** One column of the design matrix: a standardised numeric feature or one level of a categorical one. */
export type EncodedColumn = {
  feature: string;
  label: string;
  kind: 'numeric' | 'categorical';
  level?: string;
  /** Numeric: training mean and standard deviation (the unit of the coefficient). */
  mean?: number;
  sd?: number;
  /** Mean of the encoded column in training (the baseline a contribution is measured from). */
  baseline: number;
};

export type FeatureEncoder = { columns: EncodedColumn[] };

const MAX_LEVELS = 30;
const MISSING = '(missing)';
const OTHER = '(other)';

const asNumber = (v: FeatureValue): number | undefined =>
  typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'boolean' ? Number(v) : undefined;

/**
 * Learns the encoding from training rows: numeric features are standardised (so coefficients
 * read as "per standard deviation" and the L2 penalty treats them alike), categorical features
 * are one-hot encoded over their most frequent levels, missing values get their own level or the
 * training mean. Kinds not given are inferred: numeric when every present value is a number or boolean.
 */
export function buildFeatureEncoder(
  rows: readonly FeatureRow[],
  specs: readonly FeatureSpec[],
): FeatureEncoder {
  const columns: EncodedColumn[] = [];
  for (const spec of specs) {
    const values = rows.map((r) => r[spec.name]);
    const present = values.filter((v) => v !== null && v !== undefined && v !== '');
    const kind = spec.kind ?? (present.every((v) => asNumber(v) !== undefined) ? 'numeric' : 'categorical');
    const label = spec.label ?? spec.name;
    if (kind === 'numeric') {
      const nums = present.map((v) => asNumber(v)).filter((v): v is number => v !== undefined);
      const mean = nums.length ? nums.reduce((s, v) => s + v, 0) / nums.length : 0;
      const variance = nums.length ? nums.reduce((s, v) => s + (v - mean) ** 2, 0) / nums.length : 0;
      columns.push({ feature: spec.name, label, kind, mean, sd: Math.sqrt(variance) || 1, baseline: 0 });
      continue;
    }
    const counts = new Map<string, number>();
    for (const v of values) {
      const key = v === null || v === undefined || v === '' ? MISSING : String(v);
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    const ranked = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    const kept = ranked.slice(0, MAX_LEVELS);
    const otherCount = ranked.slice(MAX_LEVELS).reduce((s, [, c]) => s + c, 0);
    const levels = otherCount > 0 ? [...kept, [OTHER, otherCount] as [string, number]] : kept;
    for (const [level, count] of levels.sort((a, b) => a[0].localeCompare(b[0]))) {
      columns.push({
        feature: spec.name,
        label: `${label}: ${level}`,
        kind,
        level,
        baseline: count / rows.length,
      });
    }
  }
  return { columns };
}

/** Encodes one row with a learned encoder; unseen categorical levels fall into "(other)" or nowhere. */
export function encodeFeatures(encoder: FeatureEncoder, row: FeatureRow): Float64Array {
  const out = new Float64Array(encoder.columns.length);
  encoder.columns.forEach((c, j) => {
    const v = row[c.feature];
    if (c.kind === 'numeric') {
      const n = asNumber(v);
      out[j] = n === undefined ? 0 : (n - (c.mean as number)) / (c.sd as number);
      return;
    }
    const key = v === null || v === undefined || v === '' ? MISSING : String(v);
    out[j] = key === c.level ? 1 : 0;
  });
  // An unseen level counts as "(other)" when the feature has that level.
  for (const c of encoder.columns) {
    if (c.kind !== 'categorical' || c.level !== OTHER) continue;
    const v = row[c.feature];
    const key = v === null || v === undefined || v === '' ? MISSING : String(v);
    const known = encoder.columns.some((k) => k.feature === c.feature && k.level === key);
    if (!known) out[encoder.columns.indexOf(c)] = 1;
  }
  return out;
}

import { readDataSet } from '../../../data-sets.ts';
import type { FeatureRow, FeatureSpec } from '../models/encode-features.ts';

export type TelcoRow = { features: FeatureRow; churned: boolean; tenure: number };

const NUMERIC = new Set(['tenure', 'MonthlyCharges', 'TotalCharges', 'SeniorCitizen']);

/** The IBM Telco table as the reference baseline reads it: blank TotalCharges → 0, customerID dropped. */
export function loadTelco(): { rows: TelcoRow[]; specs: FeatureSpec[] } {
  const lines = readDataSet('telco/Telco-Customer-Churn.csv').trim().split('\n');
  const header = (lines[0] as string).split(',');
  const featureNames = header.filter((h) => h !== 'customerID' && h !== 'Churn');
  const rows = lines.slice(1).map((line) => {
    // The file has no quoted fields (checked: no commas inside values).
    const cells = line.split(',');
    const rec = Object.fromEntries(header.map((h, i) => [h, cells[i] ?? '']));
    const features: FeatureRow = {};
    for (const f of featureNames) {
      const v = rec[f] as string;
      features[f] = NUMERIC.has(f) ? Number(v.trim() === '' ? '0' : v) : v;
    }
    return { features, churned: rec.Churn === 'Yes', tenure: Number(rec.tenure) };
  });
  const specs = featureNames.map((name) => ({
    name,
    kind: NUMERIC.has(name) ? ('numeric' as const) : ('categorical' as const),
  }));
  return { rows, specs };
}

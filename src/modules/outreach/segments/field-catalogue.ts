import { type CustomerField, type CustomerFieldType, customerFields } from '../../customers/index.ts';
import { consentFields } from './consent-fields.ts';

const numeric = [
  'is',
  'isNot',
  'gt',
  'gte',
  'lt',
  'lte',
  'between',
  'isSet',
  'isNotSet',
  'topPercent',
  'bottomPercent',
];

/** Operators per field type. `topPercent`/`bottomPercent` only where the field has a population. */
export const operatorsOf: Record<CustomerFieldType, readonly string[]> = {
  text: ['is', 'isNot', 'in', 'notIn', 'contains', 'notContains', 'startsWith', 'isSet', 'isNotSet'],
  enum: ['is', 'isNot', 'in', 'notIn'],
  number: numeric,
  money: numeric,
  date: ['before', 'after', 'between', 'withinLastDays', 'notWithinLastDays', 'isSet', 'isNotSet'],
  staff: ['is', 'isNot', 'in', 'notIn', 'isSet', 'isNotSet'],
  team: ['is', 'isNot'],
  custom: ['is', 'isNot', 'contains', 'gt', 'gte', 'lt', 'lte', 'isSet', 'isNotSet'],
};

/**
 * The one field catalogue of segments: customer data (profile, lifecycle, aggregates, insight's
 * scores through the customers module) and outreach's own consent cells.
 */
export const segmentFields: readonly CustomerField[] = [...customerFields, ...consentFields];
const byKey = new Map(segmentFields.map((f) => [f.key, f]));

export const fieldOf = (key: string): CustomerField | undefined => byKey.get(key);

export function operatorsFor(f: CustomerField): string[] {
  return operatorsOf[f.type].filter((op) =>
    op === 'topPercent' || op === 'bottomPercent' ? !!f.population : true,
  );
}

/** The catalogue as the API and the builder show it. */
export function describeFields() {
  return segmentFields.map((f) => ({
    key: f.key,
    label: f.label,
    group: f.group,
    type: f.type,
    operators: operatorsFor(f),
    values: f.values ? [...f.values] : undefined,
    min: f.min,
    max: f.max,
  }));
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j] as number;
      row[j] = Math.min(cur + 1, (row[j - 1] as number) + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length] as number;
}

/** The closest of `options` to a misspelt `word`, when one is close enough to be what was meant. */
export function closest(word: string, options: readonly string[]): string | undefined {
  const w = word.toLowerCase();
  let best: { o: string; d: number } | undefined;
  for (const o of options) {
    const l = o.toLowerCase();
    const d = l.startsWith(w) || w.startsWith(l) ? 1 : distance(w, l);
    if (!best || d < best.d) best = { o, d };
  }
  return best && best.d <= Math.max(2, Math.floor(w.length / 3)) ? best.o : undefined;
}

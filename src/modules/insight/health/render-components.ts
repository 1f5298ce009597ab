import type { HealthComponentView, StoredComponent } from '../tables.ts';
import { BUILTIN_LABELS, describeBuiltin } from './builtin-components.ts';
import { registeredHealthComponents } from './health-components.ts';

/** Stored components → what people read: label and sentence rebuilt from the stored numbers. */
export function renderComponents(stored: readonly StoredComponent[]): HealthComponentView[] {
  const registered = new Map(registeredHealthComponents().map((p) => [p.key, p.label]));
  // Weights are stored to three decimals; renormalise so the shown shares add up to exactly 1.
  const total = stored.reduce((sum, c) => sum + c.w, 0) || 1;
  return stored.map((c) => ({
    key: c.k,
    label: BUILTIN_LABELS[c.k] ?? registered.get(c.k) ?? c.k,
    score: c.s,
    weight: c.w / total,
    detail: c.d ?? describeBuiltin(c.k, c.v ?? []),
  }));
}

/**
 * The bands a score is read in, the same everywhere (360, customers list, filters): health
 * 0–39 at risk, 40–69 watch, 70–100 healthy; P(alive) under 30% low, 30–70% medium, 70%+ high.
 */
export type HealthBand = 'at-risk' | 'watch' | 'healthy';

export function healthBand(health: number): HealthBand {
  return health < 40 ? 'at-risk' : health < 70 ? 'watch' : 'healthy';
}

export const healthBandLabel: Record<HealthBand, string> = {
  'at-risk': 'At risk',
  watch: 'Watch',
  healthy: 'Healthy',
};

export const healthBandColor: Record<HealthBand, string> = {
  'at-risk': 'red',
  watch: 'yellow',
  healthy: 'green',
};

export const formatPercent = (p: number | null | undefined): string =>
  p === null || p === undefined ? '—' : `${Math.round(p * 100)}%`;

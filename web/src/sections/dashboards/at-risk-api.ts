import { useQuery } from '@tanstack/react-query';
import { api, data } from '../../api/client.ts';
import type { Customer } from '../../api/types.ts';
import { staleTime } from './api.ts';

/** How many at-risk customers the chart ranks. */
export const AT_RISK_SHOWN = 10;
/** Each band's list is read this deep, so customers already marked churned can be left out. */
const READ = 50;

export type AtRiskCustomer = Customer & {
  scores: NonNullable<Customer['scores']> & { clv: NonNullable<NonNullable<Customer['scores']>['clv']> };
};

const byClvDesc = (a: AtRiskCustomer, b: AtRiskCustomer) =>
  b.scores.clv.minor - a.scores.clv.minor || a.id.localeCompare(b.id);

/**
 * At risk = health under 40 or P(alive) under 30% (the bands of ui/bands.ts, filtered by the
 * API), still a customer (not marked churned) and worth something (CLV above zero), most
 * valuable first. Two requests, one per band, each sorted by CLV: the top of their union is the
 * top of the union of their tops.
 */
export function rankAtRisk(lists: Customer[][], limit = AT_RISK_SHOWN): AtRiskCustomer[] {
  const seen = new Map<string, AtRiskCustomer>();
  for (const c of lists.flat()) {
    if (c.status === 'churned' || !c.scores?.clv || c.scores.clv.minor <= 0) continue;
    seen.set(c.id, c as AtRiskCustomer);
  }
  return [...seen.values()].sort(byClvDesc).slice(0, limit);
}

export const useAtRiskCustomers = () =>
  useQuery({
    queryKey: ['dashboards', 'at-risk'] as const,
    queryFn: async ({ signal }) => {
      const band = (filter: { health: 'at-risk' } | { pAlive: 'low' }) =>
        data(
          api.GET('/api/v1/customers', {
            params: { query: { ...filter, sort: 'clv', direction: 'desc', limit: READ } },
            signal,
          }),
        );
      const [lowHealth, lowAlive] = await Promise.all([band({ health: 'at-risk' }), band({ pAlive: 'low' })]);
      return rankAtRisk([lowHealth.data, lowAlive.data]);
    },
    staleTime,
  });

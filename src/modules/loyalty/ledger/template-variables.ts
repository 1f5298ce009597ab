import type { TemplateVariables } from '../../outreach/index.ts';
import { tiersOf } from '../tier-lookup.ts';
import { readPoints } from './read-points.ts';

/**
 * `{{ points.available }}`, `{{ points.pending }}` and `{{ tier.name }}` in campaign and win-back
 * emails, registered with outreach from wiring (outreach cannot import loyalty).
 */
export const loyaltyTemplateVariables: TemplateVariables = async (ctx, customerId) => {
  const [points, tiers] = await Promise.all([readPoints(ctx, customerId), tiersOf(ctx, [customerId])]);
  return {
    points: { available: points.available, pending: points.pending },
    tier: { name: tiers.get(customerId)?.name ?? '' },
  };
};

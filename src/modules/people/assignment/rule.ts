import type { CustomerTraits } from '../../customers/index.ts';
import type { TierOf } from '../../loyalty/index.ts';

export type AssignmentRule = {
  id: string;
  position: number;
  name: string;
  countries: string[];
  languages: string[];
  segmentId: string | null;
  teamId: string | null;
  staffIds: string[];
  /** Loyalty tiers the customer's current tier must be one of (empty: any, also no tier). */
  tierIds: string[];
  active: boolean;
};

export const ruleOf = (r: {
  id: string;
  position: number;
  name: string;
  countries: string[];
  languages: string[];
  segment_id: string | null;
  team_id: string | null;
  staff_ids: string[];
  tier_ids: string[];
  active: boolean;
}): AssignmentRule => ({
  id: r.id,
  position: r.position,
  name: r.name,
  countries: r.countries,
  languages: r.languages,
  segmentId: r.segment_id,
  teamId: r.team_id,
  staffIds: r.staff_ids,
  tierIds: r.tier_ids,
  active: r.active,
});

/** The language part of a locale ("de-AT" → "de"), lower case. */
export const languageOf = (locale: string | null) => locale?.split(/[-_]/)[0]?.toLowerCase() ?? null;

/**
 * Whether a customer meets a rule's conditions (all that are set). Segment membership and tiers
 * are looked up beforehand (`members`, `tiers`), so matching a batch costs no query per customer.
 */
export function matchesRule(
  rule: Pick<AssignmentRule, 'countries' | 'languages' | 'segmentId' | 'tierIds'>,
  c: CustomerTraits,
  members?: Set<string>,
  tiers?: Map<string, TierOf>,
): boolean {
  if (rule.countries.length && !(c.country && rule.countries.includes(c.country))) return false;
  const lang = languageOf(c.locale);
  if (rule.languages.length && !(lang && rule.languages.includes(lang))) return false;
  if (rule.segmentId && !members?.has(c.id)) return false;
  if (rule.tierIds.length) {
    const tier = tiers?.get(c.id);
    if (!(tier && rule.tierIds.includes(tier.tierId))) return false;
  }
  return true;
}

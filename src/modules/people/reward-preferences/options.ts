/**
 * What staff and customers can say they value. Fixed lists, so answers add up to a summary a
 * manager can act on (free text would not); a customer's short note says the rest.
 */
export const STAFF_RECOGNITION = [
  'public-praise',
  'private-thanks',
  'time-off',
  'learning',
  'career-growth',
  'flexible-hours',
  'team-event',
  'gift',
] as const;
export type StaffRecognition = (typeof STAFF_RECOGNITION)[number];

export const CUSTOMER_REWARDS = [
  'discounts',
  'loyalty-points',
  'free-shipping',
  'early-access',
  'gifts',
  'events',
  'charity',
  'personal-service',
] as const;
export type CustomerReward = (typeof CUSTOMER_REWARDS)[number];

export const REWARD_LABELS: Record<StaffRecognition | CustomerReward, string> = {
  'public-praise': 'Praise in front of the team',
  'private-thanks': 'A personal thank-you',
  'time-off': 'Time off',
  learning: 'Training and learning',
  'career-growth': 'Career growth',
  'flexible-hours': 'Flexible hours',
  'team-event': 'A team event',
  gift: 'A gift or voucher',
  discounts: 'Discounts',
  'loyalty-points': 'Loyalty points',
  'free-shipping': 'Free shipping',
  'early-access': 'Early access to new things',
  gifts: 'Gifts',
  events: 'Events',
  charity: 'A donation to a good cause',
  'personal-service': 'Personal service',
};

/** At most this many choices each: a preference is a ranking of a few, not a tick on everything. */
export const MAX_CHOICES = 3;

/** Staff answers are shown for a group only from this many answers on (as pulses), so no one is singled out. */
export const MIN_GROUP = 5;

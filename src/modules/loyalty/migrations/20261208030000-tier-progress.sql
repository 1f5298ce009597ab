-- Customers close to their next tier up (at least 80% of its threshold), written by the tier
-- evaluation in the same pass that decides the tier, so the managers' dashboard reads a short
-- list instead of recomputing every customer's qualifying values.
create table loyalty_tier_progress (
  customer_id uuid primary key references customer (id),
  -- The next tier up from the customer's current tier (the lowest tier for customers without one).
  tier_id uuid not null references loyalty_tier (id),
  -- On that tier's criterion: minor units of its currency, points, or days.
  value bigint not null,
  threshold bigint not null
);
create index loyalty_tier_progress_tier_idx on loyalty_tier_progress (tier_id);

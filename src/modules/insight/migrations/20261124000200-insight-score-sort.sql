-- The customer list sorts by health, P(alive) and CLV and filters by health and P(alive) bands
-- (customers module, through the relation insight registers). Each index lets a sorted page walk
-- the scores in order and stop after 50 rows instead of sorting a million; customer_id is the
-- tie-breaker of the list's keyset cursor. Nulls (not scored yet) are not needed in order: the
-- list reaches them by an anti-join. Cost: the nightly upsert of every score row maintains three
-- more B-trees (about 30 MB each at 1M customers).
create index insight_score_health_idx on insight_score (health, customer_id) where health is not null;
create index insight_score_p_alive_idx on insight_score (p_alive, customer_id) where p_alive is not null;
create index insight_score_clv_idx on insight_score (clv_minor, customer_id) where clv_minor is not null;

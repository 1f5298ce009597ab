-- Purchases of one customer, newest first, in an index of their own: a segment's "last purchase",
-- "first purchase" and "number of purchases" (outreach segments, evaluated over every candidate
-- customer) read it without visiting the heap, where the timeline index has to fetch every
-- touchpoint to see its kind. Measured in bench/segment-eval.ts (bench/RESULTS.md).
create index interaction_purchase_idx on interaction (customer_id, occurred_at desc) where kind = 'purchase';

-- The customer list sorts by name and by first seen, page by page with a keyset cursor
-- (key, id): these indexes let a page walk in order and stop after 50 rows at any size.
-- The name order is search_text's (lower-cased name, then the emails) in byte order, whatever
-- the database's collation (text_pattern_ops), so the same index also serves one- and
-- two-letter searches (search_text like 'ab%') in name order. Customers without a name come
-- after all named ones, ordered by email: the second, small, partial index.
create index customer_name_sort_idx on customer (search_text text_pattern_ops, id) where name is not null;
create index customer_nameless_sort_idx on customer (search_text text_pattern_ops, id) where name is null;
create index customer_first_seen_idx on customer (first_seen_at, id);

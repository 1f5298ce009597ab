-- Tools that replay history across customers (the loop's rule dry runs) page through a time
-- window newest first: (occurred_at, id) keyset pages read only the window, not the table.
create index interaction_occurred_idx on interaction (occurred_at desc, id desc);

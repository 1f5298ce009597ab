-- The points ledger grows into one that cannot lie.
--
-- effective_at: when an entry counts (a purchase's points count from the purchase, not from the
-- day it was imported); available_at: when its points can be spent (effective_at plus the pending
-- period for earned points; a cancel shares its purchase's available_at, so pending points that
-- are cancelled never become spendable).
alter table loyalty_ledger
  add column effective_at timestamptz,
  add column available_at timestamptz;
update loyalty_ledger set effective_at = created_at, available_at = created_at;
alter table loyalty_ledger
  alter column effective_at set not null,
  alter column effective_at set default now(),
  alter column available_at set not null,
  alter column available_at set default now();
-- No new index: a customer's entries (balances, lots, history pages newest first) are read
-- through the primary key (customer_id, id); every index more is paid by each earning purchase.

-- Append-only, as the timeline is: the one sanctioned update is erasure (privacy module), which
-- sets tenure.erasing_customer for its transaction and may blank the wording of that customer's
-- entries; points, kind and dates stay exactly as they were, and nothing is ever deleted.
create function loyalty_ledger_append_only() returns trigger language plpgsql as $$
begin
  if tg_op = 'UPDATE'
     and old.customer_id::text = current_setting('tenure.erasing_customer', true)
     and new.customer_id = old.customer_id and new.id = old.id
     and new.points = old.points and new.kind = old.kind and new.source = old.source
     and new.created_at = old.created_at and new.effective_at = old.effective_at
     and new.available_at = old.available_at
  then
    return new;
  end if;
  raise exception 'the points ledger is append-only: % on loyalty_ledger is not allowed', tg_op
    using errcode = 'P0001';
end $$;
create trigger loyalty_ledger_append_only before update or delete on loyalty_ledger
  for each row execute function loyalty_ledger_append_only();

-- Earn rules over purchases: a CEL condition and a CEL points expression (an int).
create table loyalty_earn_rule (
  id uuid primary key default gen_random_uuid(),
  name text not null,
  condition text not null,
  points text not null,
  enabled boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint loyalty_earn_rule_name unique (name)
);

-- One row: the pending period and the expiry policy.
create table loyalty_settings (
  id boolean primary key default true check (id),
  pending_days integer not null default 0 check (pending_days between 0 and 365),
  expiry text not null default 'none' check (expiry in ('none', 'fixed', 'inactivity')),
  expiry_months integer not null default 12 check (expiry_months between 1 and 120),
  updated_at timestamptz not null default now()
);
insert into loyalty_settings default values;

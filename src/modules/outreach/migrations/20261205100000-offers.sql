-- Offers for long-standing customers: a discount or gift carried by a code, targeted by tenure
-- and value. Codes come from a pool the admin uploads (e.g. from the shop system) or are
-- generated single-use per customer. A code is redeemed when an ingested purchase carries it.
create table offer (
  id uuid not null default gen_random_uuid(),
  name text not null,
  description text,
  code_source text not null,
  code_prefix text,
  min_tenure_days integer not null default 0,
  min_spend_minor bigint not null default 0,
  currency text,
  valid_until timestamptz,
  status text not null default 'active',
  created_at timestamptz not null default now(),
  created_by uuid,
  constraint offer_pkey primary key (id),
  constraint offer_code_source_check check (code_source in ('pool', 'generated')),
  constraint offer_prefix_check check (code_prefix is null or code_prefix ~ '^[A-Z0-9]{1,12}$'),
  constraint offer_status_check check (status in ('active', 'archived')),
  constraint offer_targeting_check check (min_tenure_days >= 0 and min_spend_minor >= 0),
  constraint offer_currency_check check (currency is null or currency ~ '^[A-Z]{3}$'),
  constraint offer_created_by_fkey foreign key (created_by) references staff (id) on delete set null
);

-- One row per code. Codes are unique across offers, so a code on a purchase names its offer.
create table offer_code (
  code text not null,
  offer_id uuid not null,
  customer_id uuid,
  assigned_at timestamptz,
  redeemed_at timestamptz,
  -- who used it and on which touchpoint (source:sourceId): a shared code may be used by another
  redeemed_by uuid,
  redeemed_on text,
  constraint offer_code_pkey primary key (code),
  constraint offer_code_offer_fkey foreign key (offer_id) references offer (id),
  constraint offer_code_customer_fkey foreign key (customer_id) references customer (id),
  constraint offer_code_redeemed_by_fkey foreign key (redeemed_by) references customer (id),
  constraint offer_code_format_check check (code ~ '^[A-Z0-9][A-Z0-9_-]{2,63}$')
);
-- One code per customer and offer (assigning again returns it), and the pool's free codes in order.
create unique index offer_code_customer_idx on offer_code (offer_id, customer_id) where customer_id is not null;
create index offer_code_free_idx on offer_code (offer_id, code) where customer_id is null;

-- Rewards (issue 12, point 2): a catalogue of what points buy (discounts, gifts, partner
-- benefits), codes uploaded for pool rewards, and one row per redemption or gift sent.
create table loyalty_reward (
  id uuid primary key default gen_random_uuid(),
  name text not null,
  description text,
  kind text not null constraint loyalty_reward_kind_check check (kind in ('discount', 'gift', 'partner')),
  points integer not null constraint loyalty_reward_points_check check (points between 0 and 10000000),
  -- generated: a new single-use code per redemption; pool: the next uploaded code; none: no code (a gift).
  code_source text not null
    constraint loyalty_reward_code_source_check check (code_source in ('generated', 'pool', 'none')),
  code_prefix text constraint loyalty_reward_prefix_check check (code_prefix is null or code_prefix ~ '^[A-Z0-9]{1,12}$'),
  partner_name text,
  partner_terms text,
  -- Left to give; null is unlimited. Decremented in the redemption's transaction, never below 0.
  stock integer constraint loyalty_reward_stock_check check (stock is null or stock >= 0),
  active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint loyalty_reward_partner_check check ((kind = 'partner') = (partner_name is not null)),
  constraint loyalty_reward_kind_code_check check (
    (kind = 'discount' and code_source in ('generated', 'pool'))
    or (kind = 'partner' and code_source = 'pool')
    or (kind = 'gift' and code_source = 'none'))
);

create table loyalty_redemption (
  id bigint generated always as identity primary key,
  reward_id uuid not null references loyalty_reward (id),
  customer_id uuid not null references customer (id),
  -- The same key never redeems twice for a customer (a retried request, a resent form).
  idempotency_key text not null,
  points integer not null constraint loyalty_redemption_points_check check (points >= 0),
  code text constraint loyalty_redemption_code unique,
  -- staff: a rep redeemed for the customer; public: the customer on the rewards page; gift: sent by staff.
  channel text not null constraint loyalty_redemption_channel_check check (channel in ('staff', 'public', 'gift')),
  staff_id uuid references staff (id) on delete set null,
  -- Where a gift was sent from: a case (its id) or a call (the call-list item or interaction).
  source_kind text constraint loyalty_redemption_source_check check (source_kind in ('case', 'call')),
  source_ref text,
  note text,
  ledger_entry_id bigint,
  created_at timestamptz not null,
  -- A purchase carrying the code (`source:sourceId` of the purchase) marks it used.
  used_at timestamptz,
  used_on text,
  constraint loyalty_redemption_key unique (customer_id, idempotency_key)
);
create index loyalty_redemption_customer on loyalty_redemption (customer_id, id);
create index loyalty_redemption_reward on loyalty_redemption (reward_id);

-- Uploaded codes of pool rewards; a code is taken by exactly one redemption.
create table loyalty_reward_code (
  code text primary key constraint loyalty_reward_code_format_check check (code ~ '^[A-Z0-9][A-Z0-9_-]{2,63}$'),
  reward_id uuid not null references loyalty_reward (id),
  redemption_id bigint references loyalty_redemption (id),
  created_at timestamptz not null default now()
);
create index loyalty_reward_code_free on loyalty_reward_code (reward_id, code) where redemption_id is null;

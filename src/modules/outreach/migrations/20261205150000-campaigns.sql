-- One-off email campaigns to a saved segment (docs/outreach.md, "Campaigns").

create table campaign (
  id uuid not null,
  name text not null,
  segment_id uuid not null,
  -- The program's own word (newsletter, offer…); the one check maps it to a consent purpose.
  purpose text not null,
  subject text not null,
  body text not null,
  -- The send window in each customer's local time, 'HH:MM', start < end.
  window_start text not null,
  window_end text not null,
  -- The outreach program (kind 'campaign') whose holdout share and arms this campaign uses.
  program_id uuid not null,
  status text not null default 'draft',
  created_by uuid,
  created_at timestamptz not null default now(),
  launched_at timestamptz,
  constraint campaign_pkey primary key (id),
  constraint campaign_status_check check (status in ('draft', 'scheduled', 'sending', 'done')),
  constraint campaign_window_check check (window_start < window_end),
  constraint campaign_segment_fkey foreign key (segment_id) references segment (id),
  constraint campaign_program_fkey foreign key (program_id) references outreach_program (id),
  constraint campaign_created_by_fkey foreign key (created_by) references staff (id) on delete set null
);

-- One row per segment member at launch: the snapshot. Held-out members are recorded, not sent.
create table campaign_send (
  id uuid not null,
  campaign_id uuid not null,
  customer_id uuid not null,
  arm text not null,
  status text not null,
  planned_for timestamptz,
  sent_at timestamptz,
  reason text,
  -- The code of the one check's refusal (opted-out, budget …) or 'no-address', 'smtp'.
  reason_code text,
  constraint campaign_send_pkey primary key (id),
  constraint campaign_send_once unique (campaign_id, customer_id),
  constraint campaign_send_status_check
    check (status in ('pending', 'held-out', 'sent', 'skipped', 'failed')),
  constraint campaign_send_campaign_fkey foreign key (campaign_id) references campaign (id) on delete cascade,
  constraint campaign_send_customer_fkey foreign key (customer_id) references customer (id) on delete cascade
);
create index campaign_send_customer_idx on campaign_send (customer_id);

create table campaign_click (
  id bigint generated always as identity,
  send_id uuid not null,
  url text not null,
  clicked_at timestamptz not null,
  constraint campaign_click_pkey primary key (id),
  constraint campaign_click_send_fkey foreign key (send_id) references campaign_send (id) on delete cascade
);
create index campaign_click_send_idx on campaign_click (send_id);

-- Recurring and triggered campaigns, and launches as durable runs (docs/outreach.md, "Campaigns").

alter table campaign add column kind text not null default 'one-off';
-- Recurring: {"every":"month","day":1,"at":"10:00"} or {"every":"week","weekday":1,"at":"10:00"}.
alter table campaign add column schedule jsonb;
-- Triggered: {"on":"event","eventKind":"purchase","firstOnly":true,"delayMinutes":43200} or {"on":"segment","delayMinutes":60}.
alter table campaign add column trigger jsonb;
alter table campaign add constraint campaign_kind_check check (kind in ('one-off', 'recurring', 'triggered'));
alter table campaign drop constraint campaign_status_check;
alter table campaign add constraint campaign_status_check
  check (status in ('draft', 'scheduled', 'sending', 'done', 'active'));

-- One launch: the one-off launch ('once'), a recurring occurrence (its date) or a triggered
-- campaign's standing run ('trigger'). The unique key is what makes an occurrence launch once.
create table campaign_run (
  id uuid not null,
  campaign_id uuid not null,
  occurrence text not null,
  status text not null default 'launching',
  -- The last member id snapshotted: a crashed launch resumes after it.
  cursor uuid,
  started_at timestamptz not null,
  constraint campaign_run_pkey primary key (id),
  constraint campaign_run_once unique (campaign_id, occurrence),
  constraint campaign_run_status_check check (status in ('launching', 'sending', 'done')),
  constraint campaign_run_campaign_fkey foreign key (campaign_id) references campaign (id) on delete cascade
);

-- Sends launched before runs existed belong to their campaign's 'once' run.
insert into campaign_run (id, campaign_id, occurrence, status, started_at)
  select c.id, c.id, 'once', case when c.status = 'done' then 'done' else 'sending' end,
         coalesce(c.launched_at, c.created_at)
  from campaign c where exists (select 1 from campaign_send s where s.campaign_id = c.id);
alter table campaign_send add column run_id uuid;
update campaign_send set run_id = campaign_id;
alter table campaign_send alter column run_id set not null;
alter table campaign_send add constraint campaign_send_run_fkey
  foreign key (run_id) references campaign_run (id) on delete cascade;
-- Once per customer per run: per occurrence for recurring, once ever for a trigger.
alter table campaign_send drop constraint campaign_send_once;
alter table campaign_send add constraint campaign_send_once unique (run_id, customer_id);
create index campaign_send_campaign_idx on campaign_send (campaign_id);

-- Members a segment-entry trigger has already seen: a member not in here has just entered.
create table campaign_segment_seen (
  campaign_id uuid not null,
  customer_id uuid not null,
  seen_at timestamptz not null,
  constraint campaign_segment_seen_pkey primary key (campaign_id, customer_id),
  constraint campaign_segment_seen_campaign_fkey foreign key (campaign_id) references campaign (id) on delete cascade,
  constraint campaign_segment_seen_customer_fkey foreign key (customer_id) references customer (id) on delete cascade
);

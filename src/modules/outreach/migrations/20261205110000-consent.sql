-- Consent per customer × channel × purpose (issue 11.1). The first contact_preference stored
-- free-form purposes and channels with '*' wildcards and a yes/no; consent is now a fixed matrix
-- (channels email, phone, sms, post, in-app × purposes service, survey, marketing; the lists live
-- in consent-model.ts) with three states. Existing rows are expanded into the cells they
-- covered, the most specific row winning per cell as reserveContact decided before, so every
-- opt-out recorded so far (unsubscribe links included) means exactly what it meant.

alter table contact_preference rename to contact_preference_v1;
alter table contact_preference_v1 rename constraint contact_preference_pkey to contact_preference_v1_pkey;

create table contact_preference (
  customer_id uuid not null,
  purpose text not null,
  channel text not null,
  state text not null,
  -- how the choice reached us, in words: 'phone call', 'preference centre', 'unsubscribe link', 'import'…
  source text not null,
  -- who recorded it: 'staff' (staff_id says who), 'customer' (public pages), 'import', 'system'
  recorded_by text not null,
  staff_id uuid,
  note text,
  updated_at timestamptz not null default now(),
  constraint contact_preference_pkey primary key (customer_id, purpose, channel),
  constraint contact_preference_customer_fkey foreign key (customer_id) references customer (id),
  constraint contact_preference_staff_fkey foreign key (staff_id) references staff (id) on delete set null,
  constraint contact_preference_purpose_check check (purpose in ('service', 'survey', 'marketing')),
  constraint contact_preference_channel_check check (channel in ('email', 'phone', 'sms', 'post', 'in-app')),
  constraint contact_preference_state_check check (state in ('granted', 'refused', 'unknown')),
  constraint contact_preference_recorded_by_check check (recorded_by in ('staff', 'customer', 'import', 'system')),
  constraint contact_preference_source_check check (length(source) between 1 and 100),
  constraint contact_preference_note_check check (length(note) <= 1000)
);

with old as (
  select p.*,
    -- the old free-form names onto the fixed lists ('newsletter' was marketing, 'web' the widget)
    case when p.purpose in ('service', 'survey', 'marketing') then array[p.purpose]
         when p.purpose = '*' then array['service', 'survey', 'marketing']
         when p.purpose in ('check-in', 'support') then array['service']
         else array['marketing'] end as purposes,
    case when p.channel in ('email', 'phone', 'sms', 'post', 'in-app') then array[p.channel]
         when p.channel = '*' then array['email', 'phone', 'sms', 'post', 'in-app']
         when p.channel in ('web', 'app') then array['in-app']
         when p.channel = 'mail' then array['post']
         else array[]::text[] end as channels,
    (case when p.purpose <> '*' then 2 else 0 end) + (case when p.channel <> '*' then 1 else 0 end) as specificity
  from contact_preference_v1 p
), cells as (
  select distinct on (o.customer_id, pu, ch)
    o.customer_id, pu as purpose, ch as channel,
    case when o.allowed then 'granted' else 'refused' end as state,
    left(o.source, 100) as source,
    case when o.updated_by is not null then 'staff'
         when o.source ilike '%import%' then 'import'
         when o.source ilike '%link%' then 'customer'
         else 'system' end as recorded_by,
    o.updated_by as staff_id, left(o.note, 1000) as note, o.updated_at
  from old o, unnest(o.purposes) pu, unnest(o.channels) ch
  order by o.customer_id, pu, ch, o.specificity desc, o.updated_at desc
)
insert into contact_preference (customer_id, purpose, channel, state, source, recorded_by, staff_id, note, updated_at)
select customer_id, purpose, channel, state, source, recorded_by, staff_id, note, updated_at from cells;

drop table contact_preference_v1;

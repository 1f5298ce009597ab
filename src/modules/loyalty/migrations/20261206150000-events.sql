-- Customer events, seminars and previews: the event, its invitations (one per invited customer,
-- held-out ones included so both arms are defined alike) and the RSVPs with check-in.
create table loyalty_event (
  id uuid primary key,
  title text not null check (length(title) between 1 and 200),
  description text not null default '' check (length(description) <= 5000),
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  time_zone text not null,
  place text check (length(place) <= 500),
  online_url text check (length(online_url) <= 2000),
  capacity integer not null check (capacity between 1 and 100000),
  points integer not null default 0 check (points between 0 and 1000000),
  status text not null default 'draft' check (status in ('draft', 'open', 'closed', 'cancelled')),
  send_window_start text not null default '09:00',
  send_window_end text not null default '18:00',
  created_by uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint loyalty_event_ends_after_start check (ends_at > starts_at),
  constraint loyalty_event_somewhere check (place is not null or online_url is not null)
);

create table loyalty_event_invitation (
  id uuid primary key,
  event_id uuid not null references loyalty_event (id),
  customer_id uuid not null references customer (id),
  arm text not null check (arm in ('treated', 'held-out', 'global-control')),
  status text not null check (status in ('pending', 'sent', 'skipped', 'failed', 'held-out')),
  reason text,
  reason_code text,
  planned_for timestamptz,
  sent_at timestamptz,
  created_at timestamptz not null default now(),
  -- A re-run of an invitation never invites anyone twice.
  unique (event_id, customer_id)
);
create index loyalty_event_invitation_customer on loyalty_event_invitation (customer_id);

create table loyalty_event_attendee (
  event_id uuid not null references loyalty_event (id),
  customer_id uuid not null references customer (id),
  state text not null check (state in ('confirmed', 'waitlisted', 'declined', 'cancelled')),
  -- Waitlist order: the time of the latest "yes"; promotion takes the earliest.
  answered_at timestamptz not null,
  checked_in_at timestamptz,
  checked_in_by uuid,
  -- Moved from the waitlist to a seat; the "a seat is yours" email is sent once per promotion.
  promoted_at timestamptz,
  seat_mail_sent_at timestamptz,
  primary key (event_id, customer_id)
);
create index loyalty_event_attendee_waitlist on loyalty_event_attendee (event_id, answered_at)
  where state = 'waitlisted';

-- Employee pulse surveys (issue #13, point 3): staff are asked how it is going, anonymously.
-- A pulse is a definition (eNPS first, a few more questions) with a schedule; each due date
-- opens a round that invites the pulse's staff by email with a signed single-use link.
create table people_pulse (
  id uuid primary key,
  name text not null,
  -- title, intro, thanks and questions in the survey engine's format (feedback's surveyContent).
  content jsonb not null,
  -- empty = every active staff member
  team_ids uuid[] not null default '{}',
  first_round_at timestamptz not null,
  repeat_every_days integer,
  round_open_days integer not null default 7,
  next_round_at timestamptz,
  status text not null default 'active',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint people_pulse_status_check check (status in ('active', 'archived')),
  constraint people_pulse_repeat_check check (repeat_every_days is null or repeat_every_days between 1 and 366),
  constraint people_pulse_open_check check (round_open_days between 1 and 60)
);
create index people_pulse_due_idx on people_pulse (next_round_at) where status = 'active';

create table people_pulse_round (
  id uuid primary key,
  pulse_id uuid not null references people_pulse (id),
  number integer not null,
  -- the questions as asked in this round: later edits of the pulse never change past rounds
  content jsonb not null,
  opens_at timestamptz not null,
  closes_at timestamptz not null,
  closed_early_at timestamptz,
  constraint people_pulse_round_number_key unique (pulse_id, number)
);

-- Who was asked, and whether they answered: never what they answered. The team is the one the
-- person belonged to when the round opened, copied onto the answer.
create table people_pulse_invitation (
  id uuid primary key,
  round_id uuid not null references people_pulse_round (id),
  staff_id uuid not null references staff (id),
  team_id uuid,
  status text not null default 'pending',
  reason text,
  sent_at timestamptz,
  constraint people_pulse_invitation_status_check check (status in ('pending', 'sent', 'failed', 'answered')),
  constraint people_pulse_invitation_once_key unique (round_id, staff_id)
);

-- The answers: only round and team, no staff id, no invitation id and no timestamp (a time
-- could be matched against mail logs or the order invitations were marked answered).
create table people_pulse_answer (
  id uuid primary key,
  round_id uuid not null references people_pulse_round (id),
  team_id uuid,
  enps smallint not null,
  answers jsonb not null,
  themes text[] not null default '{}',
  constraint people_pulse_answer_enps_check check (enps between 0 and 10)
);
create index people_pulse_answer_round_idx on people_pulse_answer (round_id, team_id);

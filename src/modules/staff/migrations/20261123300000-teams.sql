-- Teams, their coverage and their members' working hours: what routing and SLA clocks read.

create table team (
  id uuid not null,
  name text not null,
  -- Coverage intervals are wall-clock times in this zone; SLA business hours are counted in it.
  time_zone text not null default 'UTC',
  -- Who a breached SLA escalates to.
  manager_id uuid,
  created_at timestamptz not null default now(),
  constraint team_pkey primary key (id),
  constraint team_name_key unique (name),
  constraint team_manager_fkey foreign key (manager_id) references staff (id) on delete set null
);

-- When a team answers: weekday 1 = Monday … 7 = Sunday (ISO), minutes from local midnight.
-- An overnight shift is two intervals (22:00–24:00 and 00:00–06:00 the next day).
create table team_coverage (
  team_id uuid not null,
  weekday smallint not null,
  start_minute smallint not null,
  end_minute smallint not null,
  constraint team_coverage_pkey primary key (team_id, weekday, start_minute),
  constraint team_coverage_team_fkey foreign key (team_id) references team (id) on delete cascade,
  constraint team_coverage_weekday_check check (weekday between 1 and 7),
  constraint team_coverage_minutes_check check (start_minute >= 0 and end_minute <= 1440 and start_minute < end_minute)
);

-- One team per staff member keeps "the owner's team" unambiguous. `weight` scales how much open
-- work round-robin gives someone (0.5 = half load, for a part-timer).
create table team_member (
  staff_id uuid not null,
  team_id uuid not null,
  weight real not null default 1,
  constraint team_member_pkey primary key (staff_id),
  constraint team_member_staff_fkey foreign key (staff_id) references staff (id) on delete cascade,
  constraint team_member_team_fkey foreign key (team_id) references team (id) on delete cascade,
  constraint team_member_weight_check check (weight > 0 and weight <= 10)
);
create index team_member_team_idx on team_member (team_id);

-- A staff member's own shifts, in staff.time_zone. Without rows, they work their team's coverage.
create table staff_hours (
  staff_id uuid not null,
  weekday smallint not null,
  start_minute smallint not null,
  end_minute smallint not null,
  constraint staff_hours_pkey primary key (staff_id, weekday, start_minute),
  constraint staff_hours_staff_fkey foreign key (staff_id) references staff (id) on delete cascade,
  constraint staff_hours_weekday_check check (weekday between 1 and 7),
  constraint staff_hours_minutes_check check (start_minute >= 0 and end_minute <= 1440 and start_minute < end_minute)
);

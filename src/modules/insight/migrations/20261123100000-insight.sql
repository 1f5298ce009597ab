-- Insight: scoring runs, fitted models with their diagnostics, per-customer scores and their
-- history. Scores are recomputed from the timeline by each run; nothing here is a source of truth
-- about the customer, so there are no foreign keys into the customers module's tables.

-- One row of settings (weights, thresholds, horizons), edited through the API.
create table insight_settings (
  id smallint not null default 1,
  settings jsonb not null default '{}',
  updated_at timestamptz not null default now(),
  constraint insight_settings_pkey primary key (id),
  constraint insight_settings_single_check check (id = 1)
);

create table insight_run (
  id uuid not null,
  started_at timestamptz not null default now(),
  finished_at timestamptz,
  status text not null default 'running',
  through_date date not null,
  trigger text not null,
  customers integer not null default 0,
  error text,
  timings jsonb not null default '{}',
  constraint insight_run_pkey primary key (id),
  constraint insight_run_status_check check (status in ('running', 'succeeded', 'failed'))
);
create index insight_run_started_idx on insight_run (started_at desc);

-- Fitted models of a run: parameters plus diagnostics (fit statistics, boundaries, holdout tables).
create table insight_model (
  run_id uuid not null,
  kind text not null,
  params jsonb not null,
  diagnostics jsonb not null,
  constraint insight_model_pkey primary key (run_id, kind),
  constraint insight_model_run_fkey foreign key (run_id) references insight_run (id) on delete cascade
);

-- The latest scores of each customer. Money in integer minor units of `currency`.
create table insight_score (
  customer_id uuid not null,
  run_id uuid not null,
  scored_at timestamptz not null,
  status text not null,
  first_seen_on date not null,
  churned_on date,
  segments jsonb not null default '{}',
  -- Purchases (same-day merged): repeat purchases x, weeks from first purchase to last (t_x) and to the end (T).
  first_purchase_on date,
  last_purchase_on date,
  frequency integer,
  recency_weeks double precision,
  age_weeks double precision,
  average_spend_minor bigint,
  revenue_minor bigint not null default 0,
  currency text not null,
  rfm_recency smallint,
  rfm_frequency smallint,
  rfm_monetary smallint,
  rfm_segment text,
  p_alive real,
  expected_purchases real,
  expected_spend_minor bigint,
  clv_minor bigint,
  churn_probability real,
  churn_drivers jsonb not null default '[]',
  health smallint,
  health_components jsonb not null default '[]',
  lapsed boolean not null default false,
  constraint insight_score_pkey primary key (customer_id),
  constraint insight_score_health_check check (health between 0 and 100),
  constraint insight_score_p_alive_check check (p_alive between 0 and 1),
  constraint insight_score_churn_check check (churn_probability between 0 and 1)
);
create index insight_score_lapsed_idx on insight_score (revenue_minor desc, customer_id) where lapsed;
create index insight_score_status_idx on insight_score (status, churned_on);

-- One row per customer and day a run scored them: what "fell 20 points in 30 days" looks at.
create table insight_score_history (
  customer_id uuid not null,
  scored_on date not null,
  run_id uuid not null,
  health smallint,
  p_alive real,
  churn_probability real,
  clv_minor bigint,
  components jsonb not null default '{}',
  constraint insight_score_history_pkey primary key (customer_id, scored_on)
);
create index insight_score_history_day_idx on insight_score_history (scored_on);

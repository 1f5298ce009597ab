-- The timeline partitioned by year of occurred_at (docs/scaling.md, "The timeline by year").
-- Ingest writes into the current year, so only that partition's indexes are hot; old years stay
-- cold, vacuum cheaply and can move to cheaper storage.
--
-- Few, large partitions, and no DEFAULT partition: a live default partition can hold any time,
-- so PostgreSQL cannot read the partitions in time order and a customer's timeline page (no time
-- bound, newest first, LIMIT) would open every partition (a Merge Append). Two bounded catch-alls
-- play the default's part instead, so that an insert never fails: interaction_earlier (MINVALUE
-- up to the first year) and interaction_later (after the last year up to MAXVALUE). With ranges
-- covering everything in order, the page is an ordered Append that stops in the newest partition
-- with enough rows; a query with a time bound prunes the rest. Years are made ahead of time by
-- the job customers.maintain-partitions (next year's 60 days before it starts), so
-- interaction_later stays empty in practice. History from before the conversion's year stays in
-- interaction_earlier: a customer's read without a time bound plans every partition, so there
-- are few (four on the bench database: earlier, this year, next year, later).
--
-- Uniqueness: PostgreSQL enforces a unique key on a partitioned table only when it holds the
-- partition key. So the keys carry occurred_at instead of moving to a key table (the previous
-- design, e2026db, whose per-row trigger cost ingest 40-55%):
-- * primary key (customer_id, id, occurred_at): ids come from one identity sequence, so they are
--   unique anyway; the key is what other tables reference a touchpoint by.
-- * idempotency key (customer_id, source, source_id, occurred_at): what it must catch is a retry,
--   and a retry repeats the event, including when it happened (the events API requires
--   occurredAt; Segment's timestamp is set once by the sending library; an import row carries its
--   time; the system's own writers use fresh uuids or, for status changes, a per-day id whose
--   customer leaves the status the query selects). The staff form, whose time defaults to the
--   clock, looks its key up first (log-interaction.ts).
--
-- The conversion copies an existing timeline into the new table, then recreates every index,
-- trigger and foreign key the old table had from the catalog, so what other migrations added to
-- `interaction` comes along.

-- The UTC instant a year starts, whatever the session's time zone.
create function interaction_year_start(y integer) returns timestamptz language sql immutable as $$
  select make_timestamptz(y, 1, 1, 0, 0, 0, 'UTC');
$$;

-- Makes a partition for every year from `lo` to `hi` not yet covered by one, moving their rows out
-- of the catch-alls. Answers how many it made. Catch-alls are detached, cut and attached again:
-- they are empty or nearly so when this runs (years are made ahead), so that is quick, and the
-- moves happen on detached tables (no append-only trigger, no rollup trigger: rows only move).
create function interaction_extend_years(lo integer, hi integer) returns integer language plpgsql as $$
declare
  first integer;
  last integer;
  y integer;
  made integer := 0;
  name text;
  opts text[] := (select reloptions from pg_class where oid = 'interaction_later'::regclass);
begin
  select min(substring(c.relname from '^interaction_y(\d+)$')::integer),
         max(substring(c.relname from '^interaction_y(\d+)$')::integer)
    into first, last
    from pg_inherits i join pg_class c on c.oid = i.inhrelid
   where i.inhparent = 'interaction'::regclass and c.relname ~ '^interaction_y\d+$';
  if first is not null and lo >= first and hi <= last then
    return 0;
  end if;
  -- Made while ingest runs: wait for the locks briefly, else fail and let the next run retry.
  perform set_config('lock_timeout', '10s', true);
  alter table interaction detach partition interaction_earlier;
  alter table interaction detach partition interaction_later;
  for y in least(lo, coalesce(first, lo))..greatest(hi, coalesce(last, hi)) loop
    continue when y between first and last;
    name := 'interaction_y' || y;
    execute format('create table %I (like interaction including defaults including constraints)', name);
    execute format(
      'with moved as (delete from %I where occurred_at >= $1 and occurred_at < $2 returning *)
       insert into %I select * from moved',
      case when first is not null and y < first then 'interaction_earlier' else 'interaction_later' end, name)
      using interaction_year_start(y), interaction_year_start(y + 1);
    execute format('alter table interaction attach partition %I for values from (%L) to (%L)',
      name, interaction_year_start(y), interaction_year_start(y + 1));
    -- Storage parameters (autovacuum settings) live on partitions, not on the partitioned table.
    if opts is not null then
      execute format('alter table %I set (%s)', name, array_to_string(opts, ', '));
    end if;
    made := made + 1;
  end loop;
  first := least(lo, coalesce(first, lo));
  last := greatest(hi, coalesce(last, hi));
  execute format('alter table interaction attach partition interaction_earlier for values from (minvalue) to (%L)',
    interaction_year_start(first));
  execute format('alter table interaction attach partition interaction_later for values from (%L) to (maxvalue)',
    interaction_year_start(last + 1));
  return made;
end $$;

-- What the daily job runs: this year's partition, and next year's once it is `days_ahead` away.
-- Made late, so that for most of the year no empty partition is planned by every read.
create function interaction_maintain_partitions(today timestamptz, days_ahead integer)
returns integer language sql as $$
  select interaction_extend_years(extract(year from today at time zone 'UTC')::integer,
    extract(year from (today + make_interval(days => days_ahead)) at time zone 'UTC')::integer);
$$;

-- The conversion. What the old table had, read before anything moves (its own keys excepted:
-- they are redefined below with occurred_at).
create temporary table interaction_definition on commit drop as
  select 'index' as kind, pg_get_indexdef(i.indexrelid) as def
    from pg_index i
   where i.indrelid = 'interaction'::regclass
     and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)
  union all
  select 'trigger', pg_get_triggerdef(t.oid)
    from pg_trigger t where t.tgrelid = 'interaction'::regclass and not t.tgisinternal
  union all
  select 'foreign key', format('alter table interaction add constraint %I %s', c.conname, pg_get_constraintdef(c.oid))
    from pg_constraint c where c.conrelid = 'interaction'::regclass and c.contype = 'f';

-- Other tables reference a touchpoint by (customer_id, id): they now name its time too. The one
-- such reference is an opportunity's touchpoint; a new one would need the same treatment.
do $$
begin
  if exists (select 1 from pg_constraint where confrelid = 'interaction'::regclass and contype = 'f'
              and conname <> 'people_opportunity_interaction_fkey') then
    raise exception 'a foreign key to interaction this migration does not know: give it the touchpoint''s time';
  end if;
end $$;
alter table people_opportunity drop constraint people_opportunity_interaction_fkey;
alter table people_opportunity add column interaction_occurred_at timestamptz;
update people_opportunity o set interaction_occurred_at = i.occurred_at
  from interaction i where i.customer_id = o.customer_id and i.id = o.interaction_id;
alter table people_opportunity add constraint people_opportunity_interaction_time_check
  check ((interaction_id is null) = (interaction_occurred_at is null));

alter table interaction rename to interaction_unpartitioned;
create table interaction (like interaction_unpartitioned including all excluding indexes)
  partition by range (occurred_at);

do $$
declare
  opts text[] := (select reloptions from pg_class where oid = 'interaction_unpartitioned'::regclass);
begin
  -- The catch-alls first, bounds set by the first interaction_extend_years.
  create table interaction_earlier partition of interaction for values from (minvalue) to ('0001-01-01 00:00Z');
  create table interaction_later partition of interaction for values from ('9999-01-01 00:00Z') to (maxvalue);
  if opts is not null then
    execute format('alter table interaction_earlier set (%s)', array_to_string(opts, ', '));
    execute format('alter table interaction_later set (%s)', array_to_string(opts, ', '));
  end if;
  -- History before this year shares interaction_earlier (few partitions: a read of a customer
  -- without a time bound plans every one); from now on each year gets its own.
  perform interaction_maintain_partitions(now(), 60);
end $$;

insert into interaction overriding system value select * from interaction_unpartitioned;
select setval(pg_get_serial_sequence('interaction', 'id'),
  coalesce((select max(id) from interaction_unpartitioned), 0) + 1, false);
drop table interaction_unpartitioned;
alter table interaction add constraint interaction_pkey primary key (customer_id, id, occurred_at);
alter table interaction add constraint interaction_source_key unique (customer_id, source, source_id, occurred_at);

do $$
declare
  r record;
begin
  for r in select kind, def from interaction_definition
            order by case kind when 'index' then 0 when 'foreign key' then 1 else 2 end loop
    -- Read before the rename, the definitions name `interaction`: now the partitioned table.
    -- Its indexes and row triggers are made on every partition, present and future.
    execute r.def;
  end loop;
end $$;

alter table people_opportunity add constraint people_opportunity_interaction_fkey
  foreign key (customer_id, interaction_id, interaction_occurred_at)
  references interaction (customer_id, id, occurred_at);

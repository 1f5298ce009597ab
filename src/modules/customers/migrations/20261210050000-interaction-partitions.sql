-- The timeline partitioned by month of occurred_at (docs/scaling.md, "The timeline by month").
-- Ingest writes mostly into the current month, so only that partition's indexes are hot; old
-- months stay cold and can move to cheaper storage. Partitions are made ahead by the job
-- customers.maintain-partitions; anything outside them (a back-filled year, a clock far ahead)
-- lands in interaction_default and gets its own partition on the job's next run.
--
-- PostgreSQL enforces a unique key on a partitioned table only when it holds the partition key,
-- and the idempotency key (customer_id, source, source_id) must hold whatever occurred_at a
-- retry carries. It moves to interaction_key, claimed by a BEFORE INSERT trigger: a row whose key
-- is already claimed is skipped, exactly as `on conflict do nothing` did (same waits on a
-- concurrent insert of the key, and RETURNING and statement triggers see only inserted rows).
-- interaction_key is also what other tables reference a touchpoint by: (customer_id, id).
--
-- The conversion copies an existing timeline into the new table, then recreates every index,
-- trigger and foreign key the old table had from the catalog (not repeated here), so indexes and
-- triggers other migrations added to `interaction` come along.

create table interaction_key (
  customer_id uuid not null references customer (id),
  source text not null,
  source_id text not null,
  id bigint not null,
  occurred_at timestamptz not null,
  constraint interaction_key_pkey primary key (customer_id, source, source_id),
  constraint interaction_key_id unique (customer_id, id)
);

create function interaction_claim_key() returns trigger language plpgsql as $$
begin
  insert into interaction_key (customer_id, source, source_id, id, occurred_at)
  values (new.customer_id, new.source, new.source_id, new.id, new.occurred_at)
  on conflict (customer_id, source, source_id) do nothing;
  if found then
    return new;
  end if;
  return null;
end $$;

-- Makes the partition of the month holding `at` (UTC months) unless it exists. Rows of that
-- month already in the default partition move into it first, in the same transaction.
create function interaction_add_month(at timestamptz) returns boolean language plpgsql as $$
declare
  lo timestamptz := date_trunc('month', at at time zone 'UTC') at time zone 'UTC';
  -- Month arithmetic on timestamptz follows the session's time zone: do it in UTC.
  hi timestamptz := ((lo at time zone 'UTC') + interval '1 month') at time zone 'UTC';
  name text := 'interaction_' || to_char(lo at time zone 'UTC', 'YYYY_MM');
  opts text[] := (select reloptions from pg_class where oid = 'interaction_default'::regclass);
begin
  if to_regclass(name) is not null then
    return false;
  end if;
  -- A partition is made while ingest runs: wait for the lock briefly, else fail and retry later.
  perform set_config('lock_timeout', '10s', true);
  if exists (select 1 from interaction_default where occurred_at >= lo and occurred_at < hi) then
    execute format('create table %I (like interaction including defaults including constraints)', name);
    -- The move is the one delete the append-only timeline allows: its trigger is off for the
    -- default partition only, inside this transaction.
    alter table interaction_default disable trigger interaction_append_only;
    execute format(
      'with moved as (delete from interaction_default where occurred_at >= $1 and occurred_at < $2 returning *)
       insert into %I select * from moved', name) using lo, hi;
    alter table interaction_default enable trigger interaction_append_only;
    execute format('alter table interaction attach partition %I for values from (%L) to (%L)', name, lo, hi);
  else
    execute format('create table %I partition of interaction for values from (%L) to (%L)', name, lo, hi);
  end if;
  -- Storage parameters (autovacuum settings) live on partitions, not on the partitioned table:
  -- each new month takes those of the default partition, which the conversion gave the old ones.
  if opts is not null then
    execute format('alter table %I set (%s)', name, array_to_string(opts, ', '));
  end if;
  return true;
end $$;

-- What the job runs: this month, `months_ahead` months after it, and every month that has rows
-- in the default partition. Answers how many partitions it made.
create function interaction_maintain_partitions(today timestamptz, months_ahead integer)
returns integer language plpgsql as $$
declare
  -- Read into an array first: a month's move alters the default partition, which an open
  -- cursor over it would forbid.
  months timestamptz[] := array(
    select ((today at time zone 'UTC') + make_interval(months => k)) at time zone 'UTC'
      from generate_series(0, months_ahead) k
    union
    select distinct date_trunc('month', occurred_at at time zone 'UTC') at time zone 'UTC' from interaction_default);
  m timestamptz;
  made integer := 0;
begin
  foreach m in array months loop
    if interaction_add_month(m) then
      made := made + 1;
    end if;
  end loop;
  return made;
end $$;

-- The conversion. What the old table had, read before anything moves.
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
    from pg_constraint c where c.conrelid = 'interaction'::regclass and c.contype = 'f'
  union all
  select 'reference', format('alter table %s add constraint %I %s', c.conrelid::regclass, c.conname,
      regexp_replace(pg_get_constraintdef(c.oid), 'REFERENCES (public\.)?interaction\(', 'REFERENCES interaction_key('))
    from pg_constraint c where c.confrelid = 'interaction'::regclass and c.contype = 'f';

do $$
declare
  r record;
begin
  for r in select conrelid::regclass as t, conname from pg_constraint
            where confrelid = 'interaction'::regclass and contype = 'f' loop
    execute format('alter table %s drop constraint %I', r.t, r.conname);
  end loop;
end $$;

alter table interaction rename to interaction_unpartitioned;
create table interaction (like interaction_unpartitioned including all excluding indexes)
  partition by range (occurred_at);
create table interaction_default partition of interaction default;
do $$
declare
  opts text[] := (select reloptions from pg_class where oid = 'interaction_unpartitioned'::regclass);
begin
  if opts is not null then
    execute format('alter table interaction_default set (%s)', array_to_string(opts, ', '));
  end if;
end $$;
select interaction_add_month(m)
  from (select distinct date_trunc('month', occurred_at at time zone 'UTC') at time zone 'UTC' as m
          from interaction_unpartitioned) months;
select interaction_maintain_partitions(now(), 3);

insert into interaction overriding system value select * from interaction_unpartitioned;
insert into interaction_key (customer_id, source, source_id, id, occurred_at)
  select customer_id, source, source_id, id, occurred_at from interaction_unpartitioned;
select setval(pg_get_serial_sequence('interaction', 'id'),
  coalesce((select max(id) from interaction_unpartitioned), 0) + 1, false);
drop table interaction_unpartitioned;

do $$
declare
  r record;
begin
  for r in select kind, def from interaction_definition
            order by case kind when 'index' then 0 when 'foreign key' then 1 when 'reference' then 2 else 3 end loop
    -- Read before the rename, the definitions name `interaction`: now the partitioned table.
    -- Its indexes and row triggers are made on every partition, present and future.
    execute r.def;
  end loop;
end $$;

create trigger interaction_claim_key before insert on interaction
  for each row execute function interaction_claim_key();

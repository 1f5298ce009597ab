-- Anonymous answers (the public form /f/:id and the anonymous widget) are counted apart from
-- identified ones. By default they stay out of the survey's NPS/CSAT/CES: anyone can post them.
alter table survey add column anonymous_in_scores boolean not null default false;
-- How many anonymous answers a survey takes from one network address in an hour, and in all per
-- day (the last 24 hours).
alter table survey add column anonymous_per_address_hour integer not null default 5;
alter table survey add column anonymous_per_day integer not null default 500;
alter table survey add constraint survey_anonymous_per_address_check check (anonymous_per_address_hour between 1 and 10000);
alter table survey add constraint survey_anonymous_per_day_check check (anonymous_per_day between 1 and 1000000);

-- The sender's address of an anonymous answer, as a keyed hash (HMAC with the signing key): it
-- counts answers per address without keeping the address itself.
alter table survey_response add column address_hash text;
create index survey_response_anonymous_idx on survey_response (survey_id, responded_at) where customer_id is null;
create index survey_response_address_idx on survey_response (survey_id, address_hash, responded_at)
  where address_hash is not null;

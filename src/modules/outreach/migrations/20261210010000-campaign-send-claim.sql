-- A page of campaign sends is claimed before its emails go out and recorded after: a delivery
-- that finds a send claimed by another one still running leaves it alone (no second email);
-- a claim left by a crash expires, and the retry sends it (not lost) with the same Message-ID.
alter table campaign_send add column claimed_until timestamptz;

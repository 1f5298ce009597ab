-- What each ledger entry is, so balances, qualifying points (tiers) and reports read one column
-- instead of guessing from the sign: earn (purchases, surveys, events, referrals), spend
-- (redemptions), expire, cancel (a refunded purchase's pending points), adjust (staff).
-- Qualifying points for tiers are the sum over kinds 'earn' and 'cancel' only: spending or
-- expiry never demotes a customer (promoting on the spendable balance is a known defect).
alter table loyalty_ledger
  add column kind text not null default 'earn'
    constraint loyalty_ledger_kind_check check (kind in ('earn', 'spend', 'expire', 'cancel', 'adjust'));

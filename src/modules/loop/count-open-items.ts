/**
 * Open cases plus open tasks, one row per item, of the customers `$1` (uuid[]): registered with
 * the customers module, whose 360 (and so rules' `customer.openItems`) counts them in its own
 * statement.
 */
export const OPEN_LOOP_ITEMS_SQL = `
  select customer_id from loop_case where customer_id = any($1::uuid[]) and status <> 'resolved'
  union all
  select customer_id from task where customer_id = any($1::uuid[]) and status = 'open'`;

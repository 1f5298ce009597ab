/**
 * Modules that own "open items" for a customer (cases and tasks in the loop module, for example)
 * register them here as SQL: a select of `customer_id`, one row per open item, among the
 * customers `$1` (uuid[]). The customer 360 adds them up inside its own statement, so open items
 * cost no extra round trip (issue 14: each provider's statement cost as much as the 360 itself).
 * Registration keeps the customers module from naming other modules' tables.
 */
const fragments: string[] = [];

export function registerOpenItemsSql(fragment: string): void {
  if (!fragments.includes(fragment)) fragments.push(fragment);
}

/**
 * A `left join` giving `open_items.n` (open items per customer, null for none) for the customer
 * rows aliased `c`, or an empty string when no module registered any.
 */
export function openItemsJoin(): string {
  if (fragments.length === 0) return '';
  const union = fragments.map((f) => `(${f})`).join(' union all ');
  return `left join (select customer_id, count(*)::int as n from (${union}) o group by customer_id) open_items
    on open_items.customer_id = c.id`;
}

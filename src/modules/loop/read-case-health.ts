import { sql } from 'kysely';
import type { Ctx } from '../../kernel/context.ts';
import type { ComponentReading, HealthComponentProvider } from '../insight/index.ts';
import type { Outcome, Severity } from './tables.ts';

// An open case costs by its severity, each SLA it breached costs more; no open case scores 100.
const OPEN_SCORE: Record<Severity, number> = { low: 75, medium: 60, high: 45, critical: 30 };
const BREACH_COST = 20;
const day = (d: Date) => d.toISOString().slice(0, 10);

/**
 * The "cases" health component. A customer with an open (or snoozed) case scores by its severity,
 * lowered for each SLA breach the loop has recorded on it (first contact missed or late,
 * resolution overdue); one whose cases are all resolved scores 100. Customers who never had a
 * case get no reading, so their weight goes to the other components.
 */
export async function readCaseHealth(
  ctx: Pick<Ctx, 'db'>,
  customerIds: string[],
): Promise<Map<string, ComponentReading>> {
  const out = new Map<string, ComponentReading>();
  if (customerIds.length === 0) return out;
  // At most one case per customer is open (loop_case_one_open_key): it, else the latest resolved.
  const rows = await sql<{
    customer_id: string;
    open: boolean;
    severity: Severity;
    title: string;
    opened_at: Date;
    resolved_at: Date | null;
    outcome: Outcome | null;
    first_contact_breached: boolean;
    resolution_breached: boolean;
  }>`
    select distinct on (customer_id)
      customer_id, status <> 'resolved' as open, severity, title, opened_at, resolved_at, outcome,
      ((first_contact_at is null and sla_state & 2 <> 0)
        or coalesce(first_contact_at > first_contact_due_at, false)) as first_contact_breached,
      sla_state & 8 <> 0 as resolution_breached
    from loop_case
    where customer_id = any(${customerIds}::uuid[])
    order by customer_id, (status <> 'resolved') desc, resolved_at desc nulls last, id desc`.execute(ctx.db);
  for (const r of rows.rows) {
    if (!r.open) {
      const when = r.resolved_at ? ` on ${day(r.resolved_at)}` : '';
      out.set(r.customer_id, {
        score: 100,
        detail: `No open case; the last was resolved${when}${r.outcome ? ` (${r.outcome})` : ''}`,
      });
      continue;
    }
    const breaches = [
      r.first_contact_breached ? 'first-contact' : null,
      r.resolution_breached ? 'resolution' : null,
    ].filter((b): b is string => b !== null);
    const breached =
      breaches.length === 0
        ? ''
        : `; ${breaches.join(' and ')} SLA${breaches.length > 1 ? 's' : ''} breached`;
    out.set(r.customer_id, {
      score: Math.max(0, OPEN_SCORE[r.severity] - BREACH_COST * breaches.length),
      detail: `Open ${r.severity}-severity case "${r.title}" since ${day(r.opened_at)}${breached}`,
    });
  }
  return out;
}

/** What the loop module registers with insight (see src/app.ts). */
export const caseHealthComponent: HealthComponentProvider = {
  key: 'cases',
  label: 'Open cases and SLA breaches',
  read: readCaseHealth,
};

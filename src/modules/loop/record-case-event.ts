import type { Kysely } from 'kysely';
import type { Database } from '../../kernel/db/database.ts';

export type CaseEventInput = {
  customerId: string;
  caseId: string;
  at: Date;
  kind: string;
  actorId?: string | null;
  details?: Record<string, unknown>;
  /** Once-only events (an SLA warning per cycle) pass a key; a second insert with it is a no-op. */
  dedupeKey?: string;
};

/** Appends to a case's history; returns false when a once-only event was already recorded. */
export async function recordCaseEvent(db: Kysely<Database>, e: CaseEventInput): Promise<boolean> {
  return (await recordCaseEvents(db, [e])) === 1;
}

/** Appends several entries in one statement (a case's opening); returns how many were new. */
export async function recordCaseEvents(db: Kysely<Database>, events: CaseEventInput[]): Promise<number> {
  if (events.length === 0) return 0;
  const rows = await db
    .insertInto('case_event')
    .values(
      events.map((e) => ({
        customer_id: e.customerId,
        case_id: e.caseId,
        at: e.at,
        kind: e.kind,
        actor_id: e.actorId ?? null,
        details: JSON.stringify(e.details ?? {}),
        dedupe_key: e.dedupeKey ?? null,
      })),
    )
    .onConflict((oc) => oc.columns(['customer_id', 'case_id', 'dedupe_key']).doNothing())
    .returning('id')
    .execute();
  return rows.length;
}

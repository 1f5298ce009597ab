import type { Selectable } from 'kysely';
import type { Ctx } from '../../kernel/context.ts';
import { AppError, notFound } from '../../kernel/errors.ts';
import { recordInteractions } from './record-interactions.ts';
import type { InteractionView } from './schemas.ts';
import type { Channel, CustomerTables, Direction } from './tables.ts';

/** Where touchpoints logged by a person in the web UI come from. */
export const UI_SOURCE = 'tenure-ui';
/** Clocks differ a little between browser and server; more than this ahead is a mistake. */
const MAX_FUTURE_MS = 5 * 60_000;

export type LoggedInteraction = {
  /** Chosen by the client, so a retried submit is stored once. */
  sourceId: string;
  channel: Channel;
  kind: string;
  direction?: Direction;
  occurredAt?: Date;
  subject?: string;
  body?: string;
  sentiment?: number;
  properties?: Record<string, unknown>;
};

/**
 * A staff member logs a call, email, visit or note on a customer's timeline. Idempotent on
 * (customer, 'tenure-ui', sourceId): a second submit of the same form answers `duplicate` with
 * the interaction stored the first time.
 */
export async function logInteraction(
  ctx: Pick<Ctx, 'db' | 'clock' | 'queue'>,
  customerId: string,
  input: LoggedInteraction,
  staffId: string | undefined,
): Promise<{ status: 'accepted' | 'duplicate'; interaction: InteractionView }> {
  const now = ctx.clock.now();
  const occurredAt = input.occurredAt ?? now;
  if (occurredAt.getTime() > now.getTime() + MAX_FUTURE_MS) {
    throw new AppError('validation_failed', 'occurredAt: cannot be in the future');
  }
  // The timeline's idempotency key holds the time (it is partitioned by it), and this form's time
  // defaults to the clock, so a second submit would carry another: its key is looked up first.
  const byKey = ctx.db
    .selectFrom('interaction')
    .selectAll()
    .where('customer_id', '=', customerId)
    .where('source', '=', UI_SOURCE)
    .where('source_id', '=', input.sourceId)
    .orderBy('id')
    .limit(1);
  const earlier = await byKey.executeTakeFirst();
  if (earlier) return { status: 'duplicate', interaction: viewOf(earlier) };
  const result = await recordInteractions(ctx, [
    {
      customer: { id: customerId },
      source: UI_SOURCE,
      sourceId: input.sourceId,
      channel: input.channel,
      kind: input.kind,
      direction: input.direction ?? null,
      occurredAt,
      staffId: staffId ?? null,
      sentiment: input.sentiment ?? null,
      subject: input.subject ?? null,
      body: input.body ?? null,
      properties: input.properties ?? {},
    },
  ]);
  const outcome = result.outcomes[0];
  if (!outcome || outcome.status === 'rejected') throw notFound('Customer', customerId);
  return { status: outcome.status, interaction: viewOf(await byKey.executeTakeFirstOrThrow()) };
}

function viewOf(row: Selectable<CustomerTables['interaction']>): InteractionView {
  return {
    id: row.id,
    customerId: row.customer_id,
    occurredAt: row.occurred_at,
    recordedAt: row.recorded_at,
    channel: row.channel,
    kind: row.kind,
    direction: row.direction,
    staffId: row.staff_id,
    amount:
      row.amount_minor !== null && row.currency ? { minor: row.amount_minor, currency: row.currency } : null,
    sentiment: row.sentiment,
    subject: row.subject,
    body: row.body,
    properties: row.properties,
    source: row.source,
    sourceId: row.source_id,
  };
}

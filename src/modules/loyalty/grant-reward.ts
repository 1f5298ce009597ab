import { sql } from 'kysely';
import type { Ctx } from '../../kernel/context.ts';
import { AppError } from '../../kernel/errors.ts';
import { recordInteractions } from '../customers/index.ts';

export type RewardGrant = {
  customerId: string;
  /** What earned it, e.g. `survey-response:<id>`: the same key never grants twice. */
  key: string;
  points?: number;
  code?: string;
  reason: string;
  /** The module granting it, e.g. 'feedback'. */
  source: string;
  properties?: Record<string, unknown>;
  /** When the points count (default: now); e.g. the event attended or the referred purchase. */
  effectiveAt?: Date;
  /** Days after effectiveAt before the points can be spent (default 0: at once). */
  pendingDays?: number;
};

export type GrantResult = { granted: boolean; entryId: number; points: number; code: string | null };

/**
 * Grants loyalty points or a reward code exactly once per key, and shows it on the customer's
 * timeline. Both writes are idempotent (the ledger's unique key, the timeline's source id), so a
 * caller that crashed half-way simply calls again: the ledger keeps one row, the timeline one
 * entry, and the second call reports `granted: false`.
 */
export async function grantReward(ctx: Pick<Ctx, 'db' | 'queue'>, g: RewardGrant): Promise<GrantResult> {
  const points = g.points ?? 0;
  if (points === 0 && !g.code) throw new AppError('validation_failed', 'A reward needs points or a code');
  const pending = g.pendingDays ?? 0;
  if (!Number.isInteger(pending) || pending < 0 || pending > 365)
    throw new AppError('validation_failed', 'pendingDays must be a whole number of days from 0 to 365');
  const effective = g.effectiveAt ?? sql<Date>`now()`;
  const inserted = await ctx.db
    .insertInto('loyalty_ledger')
    .values({
      customer_id: g.customerId,
      points,
      reward_code: g.code ?? null,
      reason: g.reason,
      source: g.source,
      idempotency_key: g.key,
      properties: JSON.stringify(g.properties ?? {}),
      effective_at: effective,
      available_at: sql<Date>`${effective}::timestamptz + make_interval(days => ${pending}::int)`,
    })
    .onConflict((oc) => oc.columns(['customer_id', 'idempotency_key']).doNothing())
    .returningAll()
    .executeTakeFirst();
  const entry =
    inserted ??
    (await ctx.db
      .selectFrom('loyalty_ledger')
      .selectAll()
      .where('customer_id', '=', g.customerId)
      .where('idempotency_key', '=', g.key)
      .executeTakeFirstOrThrow());
  const what = [
    entry.points ? `${entry.points} points` : '',
    entry.reward_code ? `code ${entry.reward_code}` : '',
  ]
    .filter(Boolean)
    .join(' and ');
  await recordInteractions(ctx, [
    {
      customer: { id: g.customerId },
      source: 'loyalty',
      sourceId: g.key,
      channel: 'system',
      kind: 'reward-granted',
      direction: 'outbound',
      occurredAt: entry.created_at,
      subject: `Reward granted: ${what} (${entry.reason})`,
      properties: {
        ...entry.properties,
        points: entry.points,
        code: entry.reward_code,
        reason: entry.reason,
        key: g.key,
        grantedBy: entry.source,
      },
    },
  ]);
  return { granted: !!inserted, entryId: entry.id, points: entry.points, code: entry.reward_code };
}

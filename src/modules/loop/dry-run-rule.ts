import { DAY_MS } from '../../kernel/clock.ts';
import type { Ctx } from '../../kernel/context.ts';
import { boundedRead, isCancelled } from '../../kernel/db/bounded-read.ts';
import {
  getCustomerNames,
  type InteractionCursor,
  scanInteractions,
  searchCustomers,
} from '../customers/index.ts';
import { buildRuleFactsBatch, type CustomerFacts, eventFacts } from './build-rule-facts.ts';
import { describeEvent } from './case-text.ts';
import { compileCondition, namesVariable, type RuleFacts, runCondition } from './compile-condition.ts';
import type { RuleFields } from './schemas.ts';

export type DryRun = {
  from: Date | null;
  to: Date | null;
  requestedFrom: Date | null;
  evaluated: number;
  matched: number;
  customers: number;
  errors: number;
  lastError: string | null;
  complete: boolean;
  stoppedBy: 'limit' | 'time' | null;
  truncated: boolean;
  samples: {
    customerId: string;
    customerName: string | null;
    occurredAt: Date | null;
    kind: string | null;
    summary: string;
  }[];
};

export type DryRunOptions = {
  from?: Date;
  to?: Date;
  /** Touchpoints (or customers) to evaluate at most. */
  limit: number;
  /** The client went away: stop, and cancel the statement in flight. */
  signal?: AbortSignal;
  /** Wall-clock time the whole run may take before it stops and says what it covered. */
  budgetMs?: number;
  /** Each statement's limit (statement_timeout). */
  statementTimeoutMs?: number;
};

const MAX_SAMPLES = 100;
/** Touchpoints per page: one index range read, then one batch of customer facts. */
const PAGE = 1000;
/** Customer facts kept across pages (a customer with many touchpoints is read once). */
const MAX_CACHED = 50_000;
export const DRY_RUN_BUDGET_MS = 25_000;
export const DRY_RUN_STATEMENT_TIMEOUT_MS = 10_000;

/** What a nightly rule looks at, as a reason a person can read: "no contact for 120 days, …". */
function describeCustomer(facts: Record<string, unknown>, scores: Record<string, unknown>): string {
  const days = (v: unknown, what: string) =>
    typeof v === 'number' ? `${what} ${v} day${v === 1 ? '' : 's'} ago` : null;
  const parts = [
    facts.daysSinceLastContact == null ? 'never contacted' : days(facts.daysSinceLastContact, 'last contact'),
    days(facts.daysSinceLastPurchase, 'last purchase'),
    typeof facts.meanPurchaseIntervalDays === 'number'
      ? `usually buys every ${Math.round(facts.meanPurchaseIntervalDays)} days`
      : null,
    typeof scores.health === 'number' ? `health ${Math.round(scores.health)}` : null,
    typeof scores.healthDrop30d === 'number' && scores.healthDrop30d > 0
      ? `down ${Math.round(scores.healthDrop30d)} in 30 days`
      : null,
  ];
  return parts.filter(Boolean).join(', ');
}

/**
 * What a rule (saved or not) would have raised, without raising anything. Event rules replay the
 * touchpoints of a past window, newest first, a page of the (occurred_at) index at a time, with
 * the customer facts of a page read in one batch; scheduled rules look at active customers as
 * they are today. It covers the whole window unless `limit` or the time budget stops it first,
 * and then says so (`complete: false`, `stoppedBy`, `from` = the oldest touchpoint checked). It
 * runs in one read-only transaction under a statement time limit, and stops when `signal`
 * aborts. The customer side of the facts (profile, aggregates, scores) is today's.
 */
export async function dryRunRule(
  ctx: Pick<Ctx, 'db' | 'clock'>,
  rule: Pick<RuleFields, 'trigger' | 'condition' | 'eventKinds' | 'eventChannels'>,
  opts: DryRunOptions,
): Promise<DryRun> {
  const condition = compileCondition(rule.condition, rule.trigger);
  const now = ctx.clock.now();
  const out: DryRun = {
    from: null,
    to: null,
    requestedFrom: null,
    evaluated: 0,
    matched: 0,
    customers: 0,
    errors: 0,
    lastError: null,
    complete: true,
    stoppedBy: null,
    truncated: false,
    samples: [],
  };
  // Wall-clock time, not ctx.clock: the budget protects the server, whatever day the facts are for.
  const deadline = performance.now() + (opts.budgetMs ?? DRY_RUN_BUDGET_MS);
  const hit = new Set<string>();
  const judge = (facts: RuleFacts) => {
    out.evaluated++;
    const o = runCondition(condition, facts);
    if ('error' in o) {
      out.errors++;
      out.lastError = o.error;
      return false;
    }
    return o.matched;
  };
  const stop = (why: 'limit' | 'time') => {
    out.complete = false;
    out.stoppedBy = why;
  };

  await boundedRead(
    ctx.db,
    { statementTimeoutMs: opts.statementTimeoutMs ?? DRY_RUN_STATEMENT_TIMEOUT_MS, signal: opts.signal },
    async (db) => {
      const tx = { db, clock: ctx.clock };
      try {
        if (rule.trigger === 'event') await replayEvents(tx);
        else await walkCustomers(tx);
      } catch (err) {
        // A statement over the limit ends the run where it got to, said plainly; a client that
        // went away is not answered at all.
        if (!isCancelled(err) || opts.signal?.aborted) throw err;
        stop('time');
      }
    },
  );

  // Names for the samples of a rule that never needed the customer facts.
  const unnamed = out.samples.filter((s) => s.customerName === null).map((s) => s.customerId);
  if (unnamed.length) {
    const names = await getCustomerNames(ctx, unnamed);
    for (const s of out.samples) s.customerName ??= names.get(s.customerId) ?? null;
  }
  out.truncated = !out.complete;
  out.customers = hit.size;
  return out;

  async function replayEvents(tx: Pick<Ctx, 'db' | 'clock'>) {
    const from = opts.from ?? new Date(now.getTime() - 30 * DAY_MS);
    const to = opts.to ?? now;
    out.requestedFrom = from;
    out.from = from;
    out.to = to;
    const needsCustomer =
      namesVariable(rule.condition, 'customer') || namesVariable(rule.condition, 'scores');
    const cache = new Map<string, { customer: CustomerFacts; scores: Record<string, unknown> }>();
    let before: InteractionCursor | undefined;
    let oldest: Date | null = null;
    for (;;) {
      if (out.evaluated >= opts.limit) stop('limit');
      else if (performance.now() > deadline) stop('time');
      if (!out.complete) break;
      const page = await scanInteractions(tx, {
        from,
        to,
        kinds: rule.eventKinds,
        channels: rule.eventChannels,
        limit: Math.min(PAGE, opts.limit - out.evaluated),
        before,
      });
      if (needsCustomer) {
        const missing = [...new Set(page.data.map((e) => e.customerId))].filter((id) => !cache.has(id));
        if (cache.size + missing.length > MAX_CACHED) cache.clear();
        const built = await buildRuleFactsBatch(tx, missing);
        for (const [id, b] of built) cache.set(id, { customer: b.customer, scores: b.facts.scores });
      }
      for (const e of page.data) {
        const c = cache.get(e.customerId);
        const facts: RuleFacts = {
          event: eventFacts(e),
          customer: c?.customer.facts ?? {},
          scores: c?.scores ?? {},
          now: e.occurredAt,
        };
        oldest = e.occurredAt;
        if (!judge(facts)) continue;
        out.matched++;
        hit.add(e.customerId);
        if (out.samples.length < MAX_SAMPLES) {
          out.samples.push({
            customerId: e.customerId,
            customerName: c ? (c.customer.name ?? c.customer.emails[0] ?? null) : null,
            occurredAt: e.occurredAt,
            kind: e.kind,
            summary: describeEvent(facts.event ?? {}),
          });
        }
      }
      if (!page.next) break;
      before = page.next;
    }
    // Stopped early: the window covered reaches back to the oldest touchpoint checked.
    if (!out.complete) out.from = oldest ?? to;
  }

  async function walkCustomers(tx: Pick<Ctx, 'db' | 'clock'>) {
    let after: string | undefined;
    for (;;) {
      if (out.evaluated >= opts.limit) stop('limit');
      else if (performance.now() > deadline) stop('time');
      if (!out.complete) break;
      const page = await searchCustomers(tx, {
        status: 'active',
        after,
        limit: Math.min(200, opts.limit - out.evaluated),
      });
      const built = await buildRuleFactsBatch(
        tx,
        page.data.map((c) => c.id),
      );
      for (const cust of page.data) {
        const b = built.get(cust.id);
        if (!b) continue;
        const { facts, customer } = b;
        if (!judge(facts)) continue;
        out.matched++;
        hit.add(cust.id);
        if (out.samples.length < MAX_SAMPLES)
          out.samples.push({
            customerId: cust.id,
            customerName: customer.name ?? customer.emails[0] ?? null,
            occurredAt: null,
            kind: null,
            summary: describeCustomer(facts.customer, facts.scores),
          });
      }
      if (!page.nextCursor) break;
      after = page.nextCursor;
    }
  }
}

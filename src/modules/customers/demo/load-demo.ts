import { sql } from 'kysely';
import { DAY_MS } from '../../../kernel/clock.ts';
import type { Ctx } from '../../../kernel/context.ts';
import { type NewInteraction, recordInteractions } from '../record-interactions.ts';
import { refreshStatuses, type StatusRefresh } from '../refresh-statuses.ts';
import { DEMO_PURCHASE_SOURCE, generateTouchpoints } from './generate-touchpoints.ts';
import { readCdnowCustomers } from './read-cdnow-customers.ts';

/** The queue lets other modules' interaction listeners enqueue work inside each batch's transaction. */
type IngestCtx = Pick<Ctx, 'db' | 'clock'> & Partial<Pick<Ctx, 'queue'>>;

export type LoadDemoOptions = {
  cdnowPath: string;
  /** Reps for calls and ticket replies; customers they talk to get them as their owner. */
  agentIds?: readonly string[];
  seed?: number;
  /** Load only the first customers of the file (tests, quick looks). */
  maxCustomers?: number;
  batchSize?: number;
  /** The file's first pass, when the caller already made it (see scanCdnow). */
  scan?: CdnowScan;
  onStart?: (totalCustomers: number) => void;
  onProgress?: (p: { customers: number; touchpoints: number }) => void;
};

export type DemoReport = {
  customers: number;
  purchases: number;
  /** Everything else: emails, visits, tickets, calls. */
  generated: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  customersCreated: number;
  shiftDays: number;
  latestPurchaseAt: Date;
  statuses: StatusRefresh;
};

export type CdnowScan = { total: number; latestDay: number };

/**
 * Reads the whole file once, checking every line, and counts its customers and finds its latest
 * day. Needs no database, so a wrong file is refused before anything is created.
 */
export async function scanCdnow(path: string, maxCustomers?: number): Promise<CdnowScan> {
  let total = 0;
  let latestDay = Number.NEGATIVE_INFINITY;
  for await (const c of readCdnowCustomers(path, { maxCustomers })) {
    total += 1;
    for (const p of c.purchases) latestDay = Math.max(latestDay, p.day.getTime());
  }
  if (total === 0) throw new Error(`${path} holds no purchases`);
  return { total, latestDay };
}

/**
 * Loads the CDNOW purchase histories as a living shop: dates moved forward by whole days so the
 * latest purchase was yesterday, people and their other touchpoints made up from a seed. Reads
 * the file twice (first to find the latest date) and writes in batches, so memory stays small.
 * Idempotent: every touchpoint has a stable source id, so a second run stores nothing new.
 * Ends by refreshing statuses, so customers who stopped buying show up as lapsed.
 */
export async function loadDemo(ctx: IngestCtx, o: LoadDemoOptions): Promise<DemoReport> {
  const read = () => readCdnowCustomers(o.cdnowPath, { maxCustomers: o.maxCustomers });
  const { total, latestDay } = o.scan ?? (await scanCdnow(o.cdnowPath, o.maxCustomers));

  const now = ctx.clock.now();
  const yesterday = Math.floor(now.getTime() / DAY_MS) * DAY_MS - DAY_MS;
  const shiftMs = yesterday - latestDay;
  const options = { seed: o.seed ?? 1997, shiftMs, now, agentIds: o.agentIds ?? [] };
  o.onStart?.(total);

  const report: Omit<DemoReport, 'statuses' | 'shiftDays'> = {
    customers: 0,
    purchases: 0,
    generated: 0,
    accepted: 0,
    duplicates: 0,
    rejected: 0,
    customersCreated: 0,
    latestPurchaseAt: new Date(0),
  };
  let batch: NewInteraction[] = [];
  const flush = async () => {
    const items = batch;
    batch = [];
    const r = await recordInteractions(ctx, items);
    report.accepted += r.accepted;
    report.duplicates += r.duplicates;
    report.customersCreated += r.customersCreated;
    const owners = new Map<string, string>();
    r.outcomes.forEach((outcome, i) => {
      const staffId = items[i]?.staffId;
      if (outcome.status === 'rejected') report.rejected += 1;
      else if (staffId) owners.set(outcome.customerId, staffId);
    });
    await assignOwners(ctx, owners);
  };

  for await (const c of read()) {
    const { items } = generateTouchpoints(c, options);
    for (const it of items) {
      if (it.kind === 'purchase' && it.source === DEMO_PURCHASE_SOURCE) {
        report.purchases += 1;
        if (it.occurredAt > report.latestPurchaseAt) report.latestPurchaseAt = it.occurredAt;
      } else {
        report.generated += 1;
      }
    }
    batch.push(...items);
    report.customers += 1;
    if (batch.length >= (o.batchSize ?? 1000)) {
      await flush();
      o.onProgress?.({ customers: report.customers, touchpoints: report.purchases + report.generated });
    }
  }
  if (batch.length) await flush();
  o.onProgress?.({ customers: report.customers, touchpoints: report.purchases + report.generated });
  const statuses = await refreshStatuses(ctx);
  return { ...report, shiftDays: Math.round(shiftMs / DAY_MS), statuses };
}

/** The rep who talked to a customer becomes their personal rep, unless they already have one. */
async function assignOwners(ctx: Pick<Ctx, 'db'>, owners: Map<string, string>): Promise<void> {
  if (owners.size === 0) return;
  await sql`
    update customer c set owner_id = v.owner_id
    from unnest(${[...owners.keys()]}::uuid[], ${[...owners.values()]}::uuid[]) as v(id, owner_id)
    where c.id = v.id and c.owner_id is null`.execute(ctx.db);
}

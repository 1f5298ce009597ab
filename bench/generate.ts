import { SingleBar } from 'cli-progress';
import pg from 'pg';
import { migrate } from '../src/kernel/db/migrate.ts';
import { createDb } from '../src/kernel/db/pool.ts';
import { withoutIndexes } from './bulk-load.ts';
import { copyInto, copyText, textArray } from './copy.ts';
import { BUCKETS, DAY_MS, type DataPlan, describePlan, planData } from './data-plan.ts';
import { createRng, type Rng } from './random.ts';
import { copyLine, drawTouchpoint, interactionColumns } from './touchpoint.ts';
import { emailDomains, firstNames, lastNames } from './vocabulary.ts';

const ROWS_PER_CHUNK = 2000;
// 26 bits of customer index under the seconds of the event time: one Float64Array sort orders
// a bucket's events by time, and both parts stay exact below 2^53.
const CUSTOMER_BITS = 2 ** 26;

const customerColumns = [
  'id',
  'name',
  'emails',
  'phones',
  'time_zone',
  'locale',
  'status',
  'lifecycle_stage',
  'custom_fields',
  'first_seen_at',
  'created_at',
  'updated_at',
] as const;
const identityColumns = ['customer_id', 'source', 'external_id', 'created_at'] as const;
/** The id every generated customer has in the shop system; ingest and search read them back from the table. */
const shopId = (index: number) => `C${String(index + 1).padStart(8, '0')}`;

function* customerChunks(plan: DataPlan, rng: Rng): Generator<string> {
  const lapseCutoff = plan.end - 180 * DAY_MS;
  let chunk = '';
  for (let i = 0; i < plan.customers; i++) {
    const first = rng.pick(firstNames);
    const last = rng.pick(lastNames);
    const region = plan.region[i] as DataPlan['region'][number];
    const emails = [`${first}.${last}${i % 997}@${rng.pick(emailDomains)}`];
    if (rng.next() < 0.15) emails.push(`${first[0]}${last}${rng.int(100)}@${rng.pick(emailDomains)}`);
    const phones = rng.next() < 0.6 ? [`${region.phone}${String(rng.int(10_000)).padStart(4, '0')}`] : [];
    const status =
      rng.next() < 0.04 ? 'churned' : (plan.lastActive[i] as number) < lapseCutoff ? 'lapsed' : 'active';
    const seen = new Date(plan.firstSeen[i] as number).toISOString();
    const custom = rng.next() < 0.3 ? `{"loyaltyNumber": "L${100_000 + i}"}` : '{}';
    chunk += `${plan.ids[i]}\t${first[0]?.toUpperCase()}${first.slice(1)} ${last[0]?.toUpperCase()}${last.slice(1)}\t`;
    chunk += `${copyText(textArray(emails))}\t${copyText(textArray(phones))}\t${region.timeZone}\t${region.locale}\t`;
    chunk += `${status}\t${status === 'active' ? 'customer' : '\\N'}\t${custom}\t${seen}\t${seen}\t${seen}\n`;
    if (i % ROWS_PER_CHUNK === ROWS_PER_CHUNK - 1) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

function* identityChunks(plan: DataPlan, rng: Rng): Generator<string> {
  let chunk = '';
  for (let i = 0; i < plan.customers; i++) {
    const seen = new Date(plan.firstSeen[i] as number).toISOString();
    chunk += `${plan.ids[i]}\tshop\t${shopId(i)}\t${seen}\n`;
    if (rng.next() < 0.3) chunk += `${plan.ids[i]}\tcrm\tcrm-${(1_000_000 + i).toString(36)}\t${seen}\n`;
    if (i % ROWS_PER_CHUNK === ROWS_PER_CHUNK - 1) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

function* interactionChunks(plan: DataPlan, rng: Rng, onRows: (n: number) => void): Generator<string> {
  const bucketLen = (plan.end - plan.start) / BUCKETS;
  let seq = 0;
  for (let b = 0; b < BUCKETS; b++) {
    let total = 0;
    for (let i = 0; i < plan.customers; i++) total += plan.bucketCounts[i * BUCKETS + b] as number;
    const keys = new Float64Array(total);
    let k = 0;
    const bStart = plan.start + b * bucketLen;
    for (let i = 0; i < plan.customers; i++) {
      const count = plan.bucketCounts[i * BUCKETS + b] as number;
      if (count === 0) continue;
      const lo = Math.max(plan.firstSeen[i] as number, bStart);
      const hi = Math.min(plan.lastActive[i] as number, bStart + bucketLen);
      for (let j = 0; j < count; j++) {
        const sec = Math.floor((lo + rng.next() * (hi - lo) - plan.start) / 1000);
        keys[k++] = sec * CUSTOMER_BITS + i;
      }
    }
    keys.sort();
    let chunk = '';
    for (let j = 0; j < total; j++) {
      const key = keys[j] as number;
      const sec = Math.floor(key / CUSTOMER_BITS);
      const i = key - sec * CUSTOMER_BITS;
      // Never before the customer's first_seen_at, which the app keeps at the earliest event.
      const at = new Date(Math.max(plan.firstSeen[i] as number, plan.start + sec * 1000 + rng.int(1000)));
      const region = plan.region[i] as DataPlan['region'][number];
      const t = drawTouchpoint(rng, region.currency);
      chunk += copyLine(plan.ids[i] as string, at, t, `${t.source}-${(seq++).toString(36)}`);
      if (j % ROWS_PER_CHUNK === ROWS_PER_CHUNK - 1) {
        onRows(ROWS_PER_CHUNK);
        yield chunk;
        chunk = '';
      }
    }
    if (chunk) {
      onRows(total % ROWS_PER_CHUNK);
      yield chunk;
    }
  }
}

export type GenerateReport = {
  seconds: number;
  copySeconds: number;
  indexSeconds: number;
  description: string;
};

/**
 * Migrates the fresh database `url` with the app's own migrations, then loads the planned data
 * with COPY ... FREEZE in one transaction (rows arrive frozen and all-visible, as after a
 * long-running system's vacuums), with indexes and keys rebuilt afterwards.
 */
export async function generateData(
  url: string,
  opts: { seed: number; customers: number; events: number; end: Date; years?: number },
  log: (line: string) => void,
): Promise<GenerateReport> {
  if (opts.customers >= CUSTOMER_BITS) {
    throw new Error(`At most ${CUSTOMER_BITS - 1} customers can be generated`);
  }
  const t0 = performance.now();
  const { db } = createDb(url, 2);
  await migrate(db).finally(() => db.destroy());

  const plan = planData({ ...opts, years: opts.years ?? 3 });
  const description = describePlan(plan);
  log(`planned ${plan.customers} customers, ${plan.events} events; ${description}`);
  const client = new pg.Client({ connectionString: url, application_name: 'tenure-bench-load' });
  await client.connect();
  let copySeconds = 0;
  const tIndex = { start: 0 };
  try {
    const bar = new SingleBar({
      format: '  loading interactions [{bar}] {percentage}% {value}/{total} {step}',
      hideCursor: true,
      // Without a terminal (CI, a log file) print the bar as a line every 10 s instead.
      noTTYOutput: !process.stderr.isTTY,
      notTTYSchedule: 10_000,
    });
    await withoutIndexes(
      client,
      ['customer', 'customer_identity', 'interaction'],
      async () => {
        const tCopy = performance.now();
        await client.query('begin');
        await client.query('truncate customer, customer_identity, interaction');
        // The timeline is partitioned by year: the layout the migration gives a timeline whose
        // last event is the plan's end (history before that year in interaction_earlier).
        await client.query('select interaction_maintain_partitions($1, 60)', [new Date(plan.end)]);
        // The rollups are rebuilt in one pass below instead of by the trigger on one huge COPY.
        await client.query('alter table interaction disable trigger interaction_rollup');
        await client.query('alter table interaction disable trigger interaction_activity_rollup');
        const frozen = { freeze: true };
        await copyInto(
          client,
          'customer',
          customerColumns,
          customerChunks(plan, createRng(opts.seed + 1)),
          frozen,
        );
        const identities = identityChunks(plan, createRng(opts.seed + 2));
        await copyInto(client, 'customer_identity', identityColumns, identities, frozen);
        bar.start(plan.events, 0, { step: '' });
        let loaded = 0;
        const chunks = interactionChunks(plan, createRng(opts.seed + 3), (rows) => {
          loaded += rows;
          if (loaded % 100_000 < rows || loaded === plan.events) bar.update(loaded);
        });
        // COPY FREEZE cannot target a partitioned table; the vacuum below freezes instead.
        await copyInto(client, 'interaction', interactionColumns, chunks);
        await client.query('alter table interaction enable trigger interaction_rollup');
        await client.query('alter table interaction enable trigger interaction_activity_rollup');
        await client.query('commit');
        bar.stop();
        copySeconds = (performance.now() - tCopy) / 1000;
        log(`COPY of ${plan.customers} customers and ${plan.events} events: ${copySeconds.toFixed(1)} s`);
        tIndex.start = performance.now();
      },
      (step) => log(`  ${step}`),
    );
    // Rows frozen and all-visible, as after a long-running system's vacuums (and COPY FREEZE).
    await client.query('vacuum (freeze, analyze) interaction');
    const tRollup = performance.now();
    await client.query('select rebuild_customer_rollups(null)');
    log(`customer rollups: ${((performance.now() - tRollup) / 1000).toFixed(1)} s`);
    await client.query(
      'analyze customer, customer_identity, interaction, customer_rollup, customer_spend, customer_purchase_day',
    );
  } catch (err) {
    await client.query('rollback').catch(() => {});
    throw err;
  } finally {
    await client.end();
  }
  const indexSeconds = (performance.now() - tIndex.start) / 1000;
  return { seconds: (performance.now() - t0) / 1000, copySeconds, indexSeconds, description };
}

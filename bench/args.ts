import { parseArgs } from 'node:util';

export const benchmarks = [
  'ingest',
  'import',
  'read',
  'score',
  'campaign',
  'loyalty-earn',
  'loyalty-tiers',
  'redeem',
  'loop',
] as const;
/** Run only when named in --only: the campaign benchmark makes its own customers and database. */
export const defaultBenchmarks: Benchmark[] = ['ingest', 'import', 'read', 'score', 'loop'];
export type Benchmark = (typeof benchmarks)[number];

export type BenchArgs = {
  adminUrl: string;
  seed: number;
  customers: number;
  events: number;
  only: Benchmark[];
  clients: number;
  ingestEvents: number;
  connections: number;
  duration: number;
  /** Purchases the loyalty-earn benchmark imports (with and without loyalty). */
  earnPurchases: number;
  /** Customers per side (API, bare SQL) of the redeem benchmark. */
  redeemCustomers: number;
  /** Answers/s of each step of the loop phase (30% of them detractors), and seconds per step. */
  loopRates: number[];
  loopSeconds: number;
  keep: boolean;
  reuse?: string;
};

const usage = `Usage: npm run bench -- [options]
  --customers N        customers to generate (default 100000)
  --events N           timeline events to generate (default 5000000)
  --only LIST          comma-separated benchmarks: ${benchmarks.join(',')} (default: ingest,import,read,score,loop;
                       import: \`tenure import\` of data/cdnow against \\copy + INSERT … SELECT,
                       each into a fresh database of its own, see import-vs-sql-phase.ts;
                       score: one insight scoring run from the timeline, then the dashboards;
                       campaign: a campaign to --customers customers through a worker and a local
                       SMTP peer against raw nodemailer, in its own database, see campaign-send.ts;
                       loop: NPS answers at --loop-rates through an API and a worker process, 30%
                       detractors each opening a case, see loop.ts)
  --seed N             seed of the data generator (default 1)
  --clients N          concurrent ingest clients (default 4)
  --ingest-events N    events each ingest run sends (default 300000)
  --connections N      concurrent readers in the read benchmark (default 32)
  --duration S         seconds per read scenario (default 20)
  --earn-purchases N   purchases the loyalty-earn benchmark imports twice (default 1000000)
  --redeem-customers N customers per side of the redeem benchmark (default 2000; it uses
                       --connections clients for --duration seconds per side, in its own database)
  --loop-rates LIST    answers/s of each loop step (default 100,300,700: 30, 90, 210 flagged/s)
  --loop-seconds S     seconds per loop step (default 10)
  --keep               keep the generated database and print its name
  --reuse NAME         reuse a database kept by an earlier --keep run (skips generation)
Environment: DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres) names the server;
the benchmark creates and drops its own tenure_bench_* database there.`;

const positiveInt = (name: string, v: string | undefined, fallback: number): number => {
  if (v === undefined) return fallback;
  const n = Number(v.replace(/_/g, ''));
  if (!Number.isSafeInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer, got "${v}"`);
  return n;
};

export function parseBenchArgs(argv: string[]): BenchArgs | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: {
      customers: { type: 'string' },
      events: { type: 'string' },
      only: { type: 'string' },
      seed: { type: 'string' },
      clients: { type: 'string' },
      'ingest-events': { type: 'string' },
      connections: { type: 'string' },
      duration: { type: 'string' },
      'earn-purchases': { type: 'string' },
      'redeem-customers': { type: 'string' },
      'loop-rates': { type: 'string' },
      'loop-seconds': { type: 'string' },
      keep: { type: 'boolean', default: false },
      reuse: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return 'help';
  const only = (values.only ?? defaultBenchmarks.join(',')).split(',').filter(Boolean);
  for (const b of only) {
    if (!(benchmarks as readonly string[]).includes(b)) throw new Error(`Unknown benchmark "${b}"\n${usage}`);
  }
  return {
    adminUrl: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    seed: positiveInt('seed', values.seed, 1),
    customers: positiveInt('customers', values.customers, 100_000),
    events: positiveInt('events', values.events, 5_000_000),
    only: only as Benchmark[],
    clients: positiveInt('clients', values.clients, 4),
    ingestEvents: positiveInt('ingest-events', values['ingest-events'], 300_000),
    connections: positiveInt('connections', values.connections, 32),
    duration: positiveInt('duration', values.duration, 20),
    earnPurchases: positiveInt('earn-purchases', values['earn-purchases'], 1_000_000),
    redeemCustomers: positiveInt('redeem-customers', values['redeem-customers'], 2000),
    loopRates: (values['loop-rates'] ?? '100,300,700').split(',').map((r) => positiveInt('loop-rates', r, 0)),
    loopSeconds: positiveInt('loop-seconds', values['loop-seconds'], 10),
    keep: values.keep,
    reuse: values.reuse,
  };
}

export { usage };

/**
 * `npx tsx bench/loop-bench.ts [--customers 20000] [--events 400000] [--rates 50,100,200]
 *   [--seconds 20] [--detractors 0.3] [--seed 4] [--no-append]`
 *
 * Red-flag latency and cost, from a survey answer arriving at the API to its case being assigned
 * and the first notification out — measured where it is observable from outside: the Standard
 * Webhooks `case.opened` delivery reaching a receiver (it is sent after the case, its routing,
 * SLA, tasks and in-app notice have committed), and the assignee's email reaching an SMTP server.
 *
 * Honest by construction (issue 14): the database is populated first with the seeded timeline
 * of `npm run bench` (customers with years of history, so facts are read from a real-sized
 * timeline), and every answer an existing customer gives; nothing sent at rate is left
 * unmeasured (one flag before the first step only tells the worker is up, and its latency is
 * reported on its own); the API's port is chosen free and checked to be this run's server (it
 * must accept this run's API key). Answers arrive open-loop at each rate in turn, posted every
 * 125 ms as the batch ingest API expects; for each step the section gives the latency
 * percentiles, the CPU of the API and worker processes and of this database's PostgreSQL
 * backends per flagged event (everything the step cost, the non-flagged answers included), and
 * the load average. The sustained rate is the highest step whose every detractor arrived with
 * p99 ≤ 1 s. API and worker run as `tenure serve --role api` and `--role worker` processes
 * against a fresh tenure_bench_* database on DATABASE_URL (default
 * postgres://postgres@127.0.0.1:5432/postgres), dropped at the end. Prints a Markdown section and
 * appends it to bench/RESULTS.md as a new section. Run it under the bench lock.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createBenchDatabase, dropBenchDatabase, withDatabase } from './bench-db.ts';
import { generateData } from './generate.ts';
import { loopTable, runLoop } from './loop.ts';

const { values: a } = parseArgs({
  options: {
    customers: { type: 'string', default: '20000' },
    events: { type: 'string', default: '400000' },
    rates: { type: 'string', default: '50,100,200' },
    seconds: { type: 'string', default: '20' },
    detractors: { type: 'string', default: '0.3' },
    seed: { type: 'string', default: '4' },
    'no-append': { type: 'boolean', default: false },
  },
});
const CUSTOMERS = Number(a.customers);
const EVENTS = Number(a.events);
const RATES = (a.rates ?? '').split(',').map(Number);
const SECONDS = Number(a.seconds);
const SHARE = Number(a.detractors);
const SEED = Number(a.seed);
if (!(CUSTOMERS > 0) || !(EVENTS >= 0) || RATES.some((r) => !(r > 0)) || !(SECONDS > 0) || !(SHARE > 0))
  throw new Error('--customers, --rates, --seconds and --detractors must be positive numbers');
const here = path.dirname(fileURLToPath(import.meta.url));
const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const log = (s: string) => process.stderr.write(`${s}\n`);

const dbName = await createBenchDatabase(adminUrl, { seed: SEED, customers: CUSTOMERS, events: EVENTS });
const url = withDatabase(adminUrl, dbName);
try {
  const end = new Date();
  end.setUTCHours(0, 0, 0, 0);
  const gen = await generateData(url, { seed: SEED, customers: CUSTOMERS, events: EVENTS, end }, log);
  const { steps, firstFlagMs, sustained } = await runLoop({
    url,
    customers: CUSTOMERS,
    rates: RATES,
    seconds: SECONDS,
    share: SHARE,
    seed: SEED,
    log,
  });
  const cores = os.availableParallelism();
  const section = [
    `## Loop: red-flag rate and CPU on a populated database (issue 14.4) — ${new Date().toISOString().slice(0, 16)}Z`,
    '',
    `\`flock /tmp/tenure-bench.lock npx tsx bench/loop-bench.ts --customers ${CUSTOMERS} --events ${EVENTS} --rates ${RATES.join(',')} --seconds ${SECONDS} --detractors ${SHARE} --seed ${SEED}\`: ` +
      `${gen.description}; one \`serve --role api\` and one \`serve --role worker\` process, ${cores} cores shared with other work, PostgreSQL on the same machine.`,
    '',
    `Every answer is from an existing customer with history; each detractor from a customer not used before, so it opens, routes and staffs a new case with 5 playbook tasks, an in-app notice, an email and a webhook. Steps run back to back from a cold start, none unmeasured (the first flag, sent alone to know the worker is up, took ${Math.round(firstFlagMs)} ms). Latency from just before the request is sent to the signed \`case.opened\` webhook / the assignee's email being received. CPU: API process + worker process + this database's PostgreSQL backends, from the first answer of a step until the loop's queues are empty again, divided by the step's flagged events (so the non-flagged answers' ingest and evaluation are included).`,
    '',
    loopTable(steps, SECONDS),
    '',
    `Sustained by one worker with every flag arriving and p99 ≤ 1 s: ${sustained ? `${sustained} answers/s (${Math.round(sustained * SHARE)} flagged events/s)` : 'none of the steps'}. ` +
      `Target (issue 14.4): ≥ 200 flagged events/s per worker core.`,
    '',
  ].join('\n');
  process.stdout.write(`${section}\n`);
  if (!a['no-append']) {
    // A new section at the end: earlier runs' sections stay as they are.
    const file = path.join(here, 'RESULTS.md');
    const old = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
    fs.writeFileSync(file, `${old.replace(/\n*$/, '\n\n')}${section}`);
  }
} finally {
  await dropBenchDatabase(adminUrl, dbName);
}

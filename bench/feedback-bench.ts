/**
 * `npx tsx bench/feedback-bench.ts [--answers 4000] [--mails 2000] [--concurrency 16] [--no-append]`
 *
 * Issue 3's figures, against a fresh tenure_bench_* database on DATABASE_URL (default
 * postgres://postgres@127.0.0.1:5432/postgres), dropped at the end:
 * - public answer throughput: personal survey links answered by `POST /s/:token` (form posts, as
 *   a browser sends them) with a fixed number of concurrent clients; each answer is validated,
 *   scored (sentiment, themes), stored with its settle job, written to the timeline and rewarded
 *   with loyalty points before the 303 comes back. The server (bench/feedback-server.ts) runs as
 *   its own process.
 * - email send throughput: sends handed to a `tenure serve --role worker` process through
 *   pg-boss, each going through the contact budget, Liquid rendering and nodemailer to a local
 *   SMTP server (smtp-server); measured from the API call to the last message accepted.
 * Prints a Markdown section and replaces this benchmark's section in bench/RESULTS.md.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { SMTPServer } from 'smtp-server';
import { loadConfig } from '../src/kernel/config.ts';
import type { Ctx } from '../src/kernel/context.ts';
import { migrate } from '../src/kernel/db/migrate.ts';
import { createDb } from '../src/kernel/db/pool.ts';
import { startQueue } from '../src/kernel/jobs/queue.ts';
import { createLogger } from '../src/kernel/log.ts';
import { createSends } from '../src/modules/feedback/create-sends.ts';
import { createSurvey } from '../src/modules/feedback/index.ts';
import { requestSends } from '../src/modules/feedback/request-sends.ts';
import { buildSurveyLinks } from '../src/modules/feedback/survey-links.ts';
import { npsSurvey } from '../src/modules/feedback/testing.ts';
import { createBenchDatabase, dropBenchDatabase, withDatabase } from './bench-db.ts';

const { values: a } = parseArgs({
  options: {
    answers: { type: 'string', default: '4000' },
    mails: { type: 'string', default: '2000' },
    concurrency: { type: 'string', default: '16' },
    'no-append': { type: 'boolean', default: false },
  },
});
const ANSWERS = Number(a.answers);
const MAILS = Number(a.mails);
const CONCURRENCY = Number(a.concurrency);
const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const log = (s: string) => process.stderr.write(`${s}\n`);
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((x, y) => x - y);
  return s.length ? (s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] as number) : Number.NaN;
};
const HEADING = '## Feedback: public answers and survey email (issue 3)';

function child(args: string[], env: Record<string, string>): Promise<ChildProcess> {
  const p = spawn(process.execPath, ['--import', 'tsx', ...args], {
    cwd: root,
    env: { ...process.env, TENURE_LOG_LEVEL: 'warn', TENURE_DB_POOL_SIZE: '10', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    p.stdout?.on('data', (d: Buffer) => {
      if (/ready|running|No staff users/i.test(d.toString())) resolve(p);
    });
    p.once('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}`)));
  });
}

// Counts messages only (no parsing), so the SMTP side costs as little as a real relay would.
let received = 0;
let wanted = Number.POSITIVE_INFINITY;
let allReceived: () => void = () => {};
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS', 'AUTH'],
  logger: false,
  onData(stream, _s, done) {
    stream.resume();
    stream.on('end', () => {
      received++;
      if (received >= wanted) allReceived();
      done();
    });
  },
});
await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
const smtpUrl = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}?tls=off&pool=4`;

const dbName = await createBenchDatabase(adminUrl, { seed: 3, customers: ANSWERS + MAILS, events: 0 });
const url = withDatabase(adminUrl, dbName);
const children: ChildProcess[] = [];
try {
  const { db } = createDb(url, 10);
  await migrate(db);
  const queueLog = createLogger('silent');
  const queue = await startQueue(queueLog, url, { maintenance: false });
  const config = { ...loadConfig({}), databaseUrl: url, smtpUrl };
  const ctx: Ctx = { db, config, log: queueLog, clock: { now: () => new Date() }, queue };
  log(`creating ${ANSWERS + MAILS} customers…`);
  await sql`insert into customer (id, name, emails)
    select gen_random_uuid(), 'Bench ' || i, array['c' || i || '@bench.example']
    from generate_series(1, ${ANSWERS + MAILS}) as i`.execute(db);
  const ids = (await sql<{ id: string }>`select id from customer order by name`.execute(db)).rows.map(
    (r) => r.id,
  );
  const answerIds = ids.slice(0, ANSWERS);
  const mailIds = ids.slice(ANSWERS);
  const survey = await createSurvey(ctx, npsSurvey({ incentive: { points: 10 } }));

  log('creating personal links…');
  const tokens: string[] = [];
  for (let i = 0; i < answerIds.length; i += 1000) {
    const { created } = await createSends(ctx, {
      surveyId: survey.id,
      customerIds: answerIds.slice(i, i + 1000),
      channel: 'email',
      dedupeKey: 'bench',
      enqueue: false,
    });
    const expiresAt = new Date(Date.now() + 86_400_000);
    for (const c of created)
      tokens.push((await buildSurveyLinks(ctx, { ...c, expiresAt }, new Date())).token);
  }

  const port = 3800 + (process.pid % 1000);
  const base = `http://127.0.0.1:${port}`;
  children.push(
    await child(['bench/feedback-server.ts'], { DATABASE_URL: url, PORT: String(port), SMTP_URL: smtpUrl }),
  );
  const comments = [
    '',
    'Great staff, thank you',
    'I had to wait far too long and nobody called back',
    'The price is too high',
  ];
  const post = async (i: number) => {
    const body = new URLSearchParams({
      nps: String(i % 11),
      'nps.text': comments[i % comments.length] as string,
    });
    const res = await fetch(`${base}/s/${tokens[i]}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
      redirect: 'manual',
    });
    await res.arrayBuffer();
    if (res.status !== 303) throw new Error(`answer ${i}: HTTP ${res.status}`);
  };
  // Warm-up on the first 100 links (not counted).
  const WARM = Math.min(100, Math.floor(tokens.length / 10));
  for (let i = 0; i < WARM; i++) await post(i);
  log(`posting ${tokens.length - WARM} answers with ${CONCURRENCY} clients…`);
  const latencies: number[] = [];
  let next = WARM;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < tokens.length) {
        const i = next++;
        const s = performance.now();
        await post(i);
        latencies.push(performance.now() - s);
      }
    }),
  );
  const answerSeconds = (performance.now() - t0) / 1000;
  const answerRate = latencies.length / answerSeconds;
  const timeline = await sql<{
    n: number;
  }>`select count(*)::int as n from interaction where kind = 'survey-response'`.execute(db);

  log(`emailing ${mailIds.length} customers through a worker process…`);
  children.push(
    await child(['src/cli/main.ts', 'serve', '--role', 'worker'], { DATABASE_URL: url, SMTP_URL: smtpUrl }),
  );
  received = 0;
  wanted = mailIds.length;
  const done = new Promise<void>((r) => {
    allReceived = r;
  });
  const m0 = performance.now();
  for (let i = 0; i < mailIds.length; i += 1000) {
    await requestSends(ctx, survey.id, {
      customerIds: mailIds.slice(i, i + 1000),
      idempotencyKey: `bench-mail-${i}`,
    });
  }
  await done;
  const mailSeconds = (performance.now() - m0) / 1000;
  const sent = await sql<{
    n: number;
  }>`select count(*)::int as n from survey_send where status = 'sent'`.execute(db);

  const ms = (x: number) => `${x.toFixed(1)} ms`;
  const section = [
    HEADING,
    '',
    `\`npx tsx bench/feedback-bench.ts --answers ${ANSWERS} --mails ${MAILS} --concurrency ${CONCURRENCY}\` — ${new Date().toISOString().slice(0, 10)}, PostgreSQL on ${adminUrl.replace(/\/\/[^@]*@/, '//')}, API and worker as separate processes, load generator and SMTP server in a third, 2 shared cores (1-minute load average ${os.loadavg()[0]?.toFixed(1)} at the end: other work was running on the machine).`,
    '',
    '| figure | result |',
    '|---|---|',
    `| public answers (\`POST /s/:token\`, form post → 303), ${CONCURRENCY} concurrent clients | **${answerRate.toFixed(0)} answers/s** (${latencies.length} answers in ${answerSeconds.toFixed(1)} s; latency p50 ${ms(pct(latencies, 50))}, p99 ${ms(pct(latencies, 99))}) |`,
    `| survey emails, API → pg-boss → worker → SMTP accepted | **${(mailIds.length / mailSeconds).toFixed(0)} emails/s** (${mailIds.length} in ${mailSeconds.toFixed(1)} s; ${sent.rows[0]?.n ?? 0} sends marked sent) |`,
    '',
    `Each answer: signature check, validation, AFINN sentiment and theme lexicon, insert + settle job in one transaction, then timeline entry and a 10-point loyalty grant, before the redirect (${timeline.rows[0]?.n ?? 0} timeline entries written). Each email: row lock on the send, contact-budget reservation under the customer's advisory lock, Liquid HTML + text rendering, nodemailer over a 4-connection SMTP pool, timeline entry.`,
    '',
  ].join('\n');
  process.stdout.write(`${section}\n`);
  if (!a['no-append']) {
    const file = path.join(here, 'RESULTS.md');
    const old = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
    const start = old.indexOf(HEADING);
    // Only this benchmark's own section is replaced; everything else in the file stays as it is.
    const after = start < 0 ? -1 : old.indexOf('\n## ', start + 3);
    const updated =
      start < 0
        ? `${old.replace(/\n*$/, old ? '\n\n' : '')}${section}`
        : `${old.slice(0, start)}${section}${after < 0 ? '' : old.slice(after + 1)}`;
    fs.writeFileSync(file, updated);
  }
  await queue.stop();
  await db.destroy();
} finally {
  for (const c of children) c.kill('SIGTERM');
  await Promise.all(
    children.map((c) => new Promise((r) => (c.exitCode === null ? c.once('exit', r) : r(null)))),
  );
  await dropBenchDatabase(adminUrl, dbName);
  await new Promise<void>((r) => smtp.close(() => r()));
}

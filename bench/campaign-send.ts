/**
 * `npx tsx bench/campaign-send.ts [--customers 100000] [--holdout 0.1] [--pool 8]`
 * (also `npm run bench -- --only campaign --customers N`).
 *
 * Issue 11's campaign figure: N customers with an email address and email/marketing consent
 * granted, a saved segment of all of them and a one-off campaign with the "all day" send window
 * (00:00–23:59, so nothing waits for a window), launched with `launchCampaign` (snapshot, arm
 * draw, a pending send and its pg-boss job per treated member) while a `tenure serve --role
 * worker` process drains the jobs a page at a time through `deliverCampaignSends` (row locks,
 * reserveContacts and the budget, claim, Liquid rendering, signed links, pooled nodemailer,
 * batched outcomes and timeline entries) into a local SMTP peer that
 * accepts everything. Measured from the launch call to the last send marked sent. Baseline: the
 * same messages (each customer's rendered subject and body, the same signed links and headers)
 * pre-built in memory and handed to one pooled nodemailer transport with the same connection
 * count, to the same peer, in this process. Both sides' bytes per message are printed, so the
 * two can be seen to carry the same messages. Prints a Markdown section for bench/RESULTS.md;
 * uses its own tenure_bench_* database, dropped at the end.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import nodemailer from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { v7 as uuidv7 } from 'uuid';
import { loadConfig } from '../src/kernel/config.ts';
import type { Ctx } from '../src/kernel/context.ts';
import { migrate } from '../src/kernel/db/migrate.ts';
import { createDb } from '../src/kernel/db/pool.ts';
import { startQueue } from '../src/kernel/jobs/queue.ts';
import { createLogger } from '../src/kernel/log.ts';
import { getSigningKey } from '../src/kernel/signed-token.ts';
import { clickPath } from '../src/modules/outreach/campaigns/click-links.ts';
import { createCampaign } from '../src/modules/outreach/campaigns/create-campaign.ts';
import { launchCampaign } from '../src/modules/outreach/campaigns/launch-campaign.ts';
import {
  campaignVars,
  renderTemplate,
  rewriteLinks,
  templateLinks,
  textToHtml,
} from '../src/modules/outreach/campaigns/template.ts';
import { buildContactLinks } from '../src/modules/outreach/index.ts';
import { saveSegment } from '../src/modules/outreach/segments/save-segment.ts';
import { createBenchDatabase, dropBenchDatabase, withDatabase } from './bench-db.ts';

export type CampaignBenchOptions = { customers: number; holdout: number; pool: number; adminUrl: string };

const log = (s: string) => process.stderr.write(`${s}\n`);
const root = path.resolve(import.meta.dirname, '..');
const SUBJECT = 'News for you, {{ customer.firstName }}';
// About the length of a short newsletter: a greeting, three paragraphs, one tracked link.
const BODY = `Dear {{ customer.name }},

Spring is here and so are our new collections. As one of our customers you see them first:
light jackets, linen shirts and the walking shoes many of you asked for, in every size again.

Our stores are open longer on Saturdays from next month, and repairs are free for a year on
anything you bought from us. Bring it in, or book a slot online.

See what is new: https://shop.example/spring

Thank you for shopping with us,
The team`;
// Spread over zones whose 23:59 does not fall in European working hours, when this runs.
const ZONES = ['Europe/Berlin', 'Europe/London', 'America/New_York', 'Asia/Tokyo'];

/** A counting SMTP peer: reads each message to the end, counts it and its bytes, says 250. */
async function startPeer() {
  const state = { received: 0, bytes: 0 };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    maxClients: 64,
    onData(stream, _s, done) {
      stream.on('data', (d: Buffer) => {
        state.bytes += d.length;
      });
      stream.on('end', () => {
        state.received++;
        done();
      });
    },
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.server.address() as AddressInfo).port;
  return { state, port, close: () => new Promise<void>((r) => server.close(() => r())) };
}

function startWorker(env: Record<string, string>): Promise<ChildProcess> {
  const p = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve', '--role', 'worker'], {
    cwd: root,
    env: { ...process.env, TENURE_LOG_LEVEL: 'warn', TENURE_DB_POOL_SIZE: '10', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    p.stdout?.on('data', (d: Buffer) => {
      if (/ready|running|No staff users/i.test(d.toString())) resolve(p);
    });
    p.once('exit', (code) => reject(new Error(`worker exited with ${code}`)));
  });
}

/** The kernel's exact high-water mark of a process's resident memory, in MiB. */
function peakRss(pid: number | undefined): number {
  if (!pid) return Number.NaN;
  const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : Number.NaN;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function runCampaignBench(o: CampaignBenchOptions): Promise<string> {
  const peer = await startPeer();
  const smtpUrl = `smtp://127.0.0.1:${peer.port}?tls=off&pool=${o.pool}`;
  const name = await createBenchDatabase(o.adminUrl, { seed: 11, customers: o.customers, events: 0 });
  const url = withDatabase(o.adminUrl, name);
  const { db } = createDb(url, 10);
  const quiet = createLogger('silent');
  let worker: ChildProcess | undefined;
  let queue: Awaited<ReturnType<typeof startQueue>> | undefined;
  const load0 = os.loadavg()[0] ?? 0;
  try {
    await migrate(db);
    queue = await startQueue(quiet, url, { maintenance: false });
    const config = { ...loadConfig({}), databaseUrl: url, smtpUrl };
    const ctx: Ctx = { db, config, log: quiet, clock: { now: () => new Date() }, queue };
    log(`creating ${o.customers} customers with email consent…`);
    const t0 = performance.now();
    await sql`insert into customer (id, name, emails, time_zone, locale)
      select gen_random_uuid(), 'Customer' || i || ' Bench', array['c' || i || '@bench.example'],
        (${ZONES}::text[])[1 + i % ${ZONES.length}], 'en'
      from generate_series(1, ${o.customers}) as i`.execute(db);
    await sql`insert into contact_preference (customer_id, purpose, channel, state, source, recorded_by)
      select id, 'marketing', 'email', 'granted', 'import', 'import' from customer`.execute(db);
    await sql`analyze`.execute(db);
    log(`  ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const segment = await saveSegment(
      ctx,
      {
        name: 'Everyone (bench)',
        definition: {
          match: 'all',
          conditions: [{ field: 'email', op: 'contains', value: '@bench.example' }],
        },
      } as Parameters<typeof saveSegment>[1],
      null,
      async () => {},
    );
    const campaign = await createCampaign(
      ctx,
      {
        kind: 'one-off',
        name: 'Spring letter (bench)',
        segmentId: segment.id,
        purpose: 'newsletter',
        subject: SUBJECT,
        body: BODY,
        sendWindow: { start: '00:00', end: '23:59' },
        holdoutShare: o.holdout,
      },
      null,
    );

    worker = await startWorker({ DATABASE_URL: url, SMTP_URL: smtpUrl });
    log(`worker pid ${worker.pid}; launching…`);
    const l0 = performance.now();
    const launched = await launchCampaign(ctx, campaign.id);
    const launchSeconds = (performance.now() - l0) / 1000;
    log(`  launched in ${launchSeconds.toFixed(1)} s: ${JSON.stringify(launched)}`);
    let lastLog = 0;
    let status = { pending: 1, sent: 0, other: 0, launching: 1 };
    // When the launch job has written every member's arm, send and job (the run leaves 'launching').
    let pagedSeconds = Number.NaN;
    for (;;) {
      // The launch itself is a job the worker runs: wait for it to finish paging, then for the sends.
      const r = await sql<{ pending: number; sent: number; other: number; launching: number }>`
        select (select count(*)::int from campaign_run where campaign_id = ${campaign.id} and status = 'launching') as launching,
               count(*) filter (where status = 'pending')::int as pending,
               count(*) filter (where status = 'sent')::int as sent,
               count(*) filter (where status not in ('pending', 'sent', 'held-out'))::int as other
        from campaign_send where campaign_id = ${campaign.id}`.execute(db);
      status = r.rows[0] ?? status;
      if (status.launching === 0 && Number.isNaN(pagedSeconds)) {
        pagedSeconds = (performance.now() - l0) / 1000;
        log(`  launch paged in ${pagedSeconds.toFixed(1)} s`);
      }
      if (status.pending === 0 && status.launching === 0) break;
      if (performance.now() - lastLog > 15_000) {
        lastLog = performance.now();
        log(`  ${status.sent} sent, ${status.pending} pending, ${peer.state.received} received`);
      }
      await sleep(200);
    }
    const tenureSeconds = (performance.now() - l0) / 1000;
    const tenure = { ...peer.state };
    const workerPeak = peakRss(worker.pid);
    if (status.other) log(`  ${status.other} sends neither sent nor pending (skipped or failed)`);

    // Baseline: the same treated customers' messages, built before the clock starts.
    log('building the baseline messages…');
    const key = await getSigningKey(ctx);
    const rows = await sql<{ id: string; customer_id: string; name: string; emails: string[] }>`
      select s.id, s.customer_id, c.name, c.emails from campaign_send s join customer c on c.id = s.customer_id
      where s.campaign_id = ${campaign.id} and s.status = 'sent'`.execute(db);
    const links = templateLinks(BODY);
    const now = new Date();
    const messages = [];
    for (const r of rows.rows) {
      const vars = campaignVars({ name: r.name, emails: r.emails, locale: 'en' }, null, undefined);
      const footer = await buildContactLinks(
        ctx,
        { customerId: r.customer_id, purpose: 'newsletter' },
        now,
        key,
      );
      const body = rewriteLinks(
        await renderTemplate(BODY, vars),
        links,
        (i) => `${config.publicUrl}${clickPath(key, uuidv7(), i, now)}`,
      );
      const text = `${body.trimEnd()}\n\n--\nManage your email preferences: ${footer.preferencesUrl}\nUnsubscribe from these emails: ${footer.unsubscribeUrl}\n`;
      messages.push({
        from: config.mailFrom,
        to: r.emails[0] as string,
        subject: (await renderTemplate(SUBJECT, vars)).replace(/\s+/g, ' ').trim(),
        text,
        html: textToHtml(text),
        messageId: `<${r.id}@tenure.baseline>`,
        headers: footer.headers,
      });
    }
    peer.state.received = 0;
    peer.state.bytes = 0;
    const transport = nodemailer.createTransport({
      host: '127.0.0.1',
      port: peer.port,
      ignoreTLS: true,
      pool: true,
      maxConnections: o.pool,
    });
    log(`baseline: ${messages.length} messages with raw nodemailer…`);
    const b0 = performance.now();
    // Handed over in waves so the transport's queue stays bounded, as a sender would.
    for (let i = 0; i < messages.length; i += 1000)
      await Promise.all(messages.slice(i, i + 1000).map((m) => transport.sendMail(m)));
    const baseSeconds = (performance.now() - b0) / 1000;
    transport.close();
    const base = { ...peer.state };
    const benchPeak = peakRss(process.pid);
    const armRows = await sql<{ treated: number; heldOut: number }>`
      select count(*) filter (where status <> 'held-out')::int as "treated",
             count(*) filter (where status = 'held-out')::int as "heldOut"
      from campaign_send where campaign_id = ${campaign.id}`.execute(db);
    const arms = armRows.rows[0] ?? { treated: 0, heldOut: 0 };

    const rate = status.sent / tenureSeconds;
    const baseRate = messages.length / baseSeconds;
    const kb = (s: { bytes: number; received: number }) =>
      (s.bytes / Math.max(1, s.received) / 1024).toFixed(2);
    const n = (x: number) => x.toLocaleString('en-US');
    return [
      `### ${n(o.customers)} customers (${new Date().toISOString().slice(0, 16)} UTC, load ${load0.toFixed(1)} at the start, ${os.loadavg()[0]?.toFixed(1)} at the end)`,
      '',
      `\`npx tsx bench/campaign-send.ts --customers ${o.customers} --holdout ${o.holdout} --pool ${o.pool}\`; ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown CPU'} shared with other helpers' work, Node ${process.version}.`,
      `Launch: ${n(arms.treated)} to send, ${n(arms.heldOut)} held out; \`launchCampaign\` queued the launch job in ${launchSeconds.toFixed(1)} s and the worker paged through the segment (every member's arm, send and delivery job written) in ${pagedSeconds.toFixed(1)} s, ${((pagedSeconds * 1000) / o.customers).toFixed(2)} ms per member, while it sent.`,
      '',
      '| path | emails | seconds | emails/s | ratio | KiB per message at the peer |',
      '| --- | ---: | ---: | ---: | ---: | ---: |',
      `| Tenure: launch → pg-boss → worker → SMTP, until the last send is marked sent | ${n(status.sent)} | ${tenureSeconds.toFixed(1)} | ${rate.toFixed(0)} | ${(rate / baseRate).toFixed(3)}× | ${kb(tenure)} |`,
      `| baseline: the same messages, raw nodemailer, ${o.pool} pooled connections | ${n(messages.length)} | ${baseSeconds.toFixed(1)} | ${baseRate.toFixed(0)} | 1.000× | ${kb(base)} |`,
      '',
      `Received by the peer: ${n(tenure.received)} from Tenure, ${n(base.received)} from the baseline; sends neither sent nor held out: ${status.other}. Peak RSS (VmHWM): worker ${workerPeak.toFixed(0)} MiB, benchmark process (launch, SMTP peer, baseline) ${benchPeak.toFixed(0)} MiB.`,
    ].join('\n');
  } finally {
    worker?.kill('SIGTERM');
    if (worker && worker.exitCode === null) await new Promise((r) => worker?.once('exit', r));
    await queue?.stop();
    await db.destroy();
    await dropBenchDatabase(o.adminUrl, name);
    await peer.close();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const { values: a } = parseArgs({
    options: {
      customers: { type: 'string', default: '100000' },
      holdout: { type: 'string', default: '0.1' },
      pool: { type: 'string', default: '8' },
    },
  });
  const out = await runCampaignBench({
    customers: Number(a.customers),
    holdout: Number(a.holdout),
    pool: Number(a.pool),
    adminUrl: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  });
  process.stdout.write(`${out}\n`);
}

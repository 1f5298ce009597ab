import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/helpers.ts';
import { buildCustomerFacts } from './build-rule-facts.ts';
import { evaluateEvents } from './evaluate-events.ts';
import { raiseFlag } from './raise-flag.ts';
import { startReceiver, startSmtp, waitFor } from './testing/fixtures.ts';
import { addCustomer, addStaff, addTeam, ingest, npsAnswer } from './testing/team-setup.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
let t: TestApp;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let hooks: Awaited<ReturnType<typeof startReceiver>>;
const always = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '00:00', end: '24:00' }));

beforeAll(async () => {
  t = await startTestApp({ config: { webhookAllowPrivate: ['127.0.0.1'] } });
  smtp = await startSmtp();
  hooks = await startReceiver();
  t.ctx.config.smtpUrl = smtp.url;
  const a = await addStaff(t, 'Ana', 'agent', 'UTC', always);
  const b = await addStaff(t, 'Ben', 'agent', 'UTC', always);
  await addTeam(t, 'Round the clock', 'UTC', always, [a, b], null);
  await t.api('/api/v1/webhooks', { method: 'POST', json: { url: hooks.url } });
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
  await hooks?.close();
});

const count = async (sql: string, params: unknown[] = []) => {
  const { rows } = await pool().query<{ n: string }>(sql, params);
  return Number(rows[0]?.n);
};
let p: pg.Pool | undefined;
const pool = () => {
  p ??= new pg.Pool({ connectionString: t.dbUrl, max: 3 });
  return p;
};
afterAll(() => p?.end());

describe('exactly one case per red flag', () => {
  it('holds when the same flag and different flags of one customer are raised concurrently', async () => {
    const customerId = await addCustomer(t, { name: 'Concurrent', emails: ['c@example.com'] });
    const [rule] = (await (await t.api('/api/v1/rules')).json()).data.filter(
      (r: { key: string }) => r.key === 'nps-detractor',
    );
    const customer = await buildCustomerFacts(t.ctx, customerId);
    const flag = (triggerKey: string) =>
      raiseFlag(t.ctx, {
        customerId,
        rule: {
          id: rule.id,
          key: rule.key,
          name: rule.name,
          severity: 'high',
          playbookId: rule.playbookId,
          notify: ['in-app', 'webhook'],
          cooldownDays: 0,
        },
        triggerKey,
        summary: 'NPS detractor',
        event: null,
        customer,
      });
    const same = await Promise.all(Array.from({ length: 8 }, () => flag('feedback:same')));
    expect(same.filter((r) => r.status === 'opened')).toHaveLength(1);
    expect(same.filter((r) => r.status === 'duplicate')).toHaveLength(7);
    const different = await Promise.all(Array.from({ length: 8 }, (_, i) => flag(`feedback:other-${i}`)));
    expect(different.every((r) => r.status === 'added')).toBe(true);
    expect(await count('select count(*) n from loop_case where customer_id = $1', [customerId])).toBe(1);
    expect(await count('select count(*) n from alert where customer_id = $1', [customerId])).toBe(9);
    expect(await count('select count(*) n from task where customer_id = $1', [customerId])).toBe(5);
  });

  it('holds when an evaluation job is run again after it already committed (a crash before acknowledging)', async () => {
    const customerId = await addCustomer(t, { name: 'Retried', emails: ['r@example.com'] });
    const [rule] = (await (await t.api('/api/v1/rules')).json()).data.filter(
      (r: { key: string }) => r.key === 'nps-detractor',
    );
    const a = npsAnswer(customerId, 2, new Date().toISOString());
    const item = {
      ...a,
      customerId,
      sentiment: null,
      amountMinor: null,
      currency: null,
      channel: 'email' as const,
      direction: 'inbound' as const,
      ruleIds: [rule.id],
    };
    const first = await evaluateEvents(t.ctx, [item]);
    const again = await Promise.all([evaluateEvents(t.ctx, [item]), evaluateEvents(t.ctx, [item])]);
    expect(first).toEqual({ flags: 1, opened: 1 });
    expect(again).toEqual([
      { flags: 0, opened: 0 },
      { flags: 0, opened: 0 },
    ]);
    expect(await count('select count(*) n from notification where customer_id = $1', [customerId])).toBe(2);
    expect(
      await count("select count(*) n from webhook_delivery where payload->'data'->>'customerId' = $1", [
        customerId,
      ]),
    ).toBe(1);
  });
});

function startWorker(): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(here, 'testing/worker-child.ts'), t.dbUrl],
    {
      env: {
        ...process.env,
        SMTP_URL: smtp.url,
        TENURE_LOG_LEVEL: 'silent',
        TENURE_WEBHOOK_ALLOW_PRIVATE: '127.0.0.1',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`worker exited early with ${code}`)));
    child.stdout?.on('data', (d: Buffer) => {
      if (d.toString().includes('ready')) resolve(child);
    });
  });
}

describe('a worker killed in the middle', () => {
  it('loses nothing and duplicates nothing once a worker runs again', { timeout: 300_000 }, async () => {
    const now = () => new Date().toISOString();
    let worker = await startWorker();
    const x = await addCustomer(t, { name: 'Blocked', emails: ['x@example.com'] });
    await ingest(t, [npsAnswer(x, 1, now())]);
    await waitFor(
      'the first case',
      async () => (await count('select count(*) n from loop_case where customer_id = $1', [x])) === 1,
    );

    // Hold the lock of X's open case: the worker that evaluates X's next answer stops inside its
    // transaction, with the answers before it committed and the rest waiting.
    const locker = new pg.Client({ connectionString: t.dbUrl });
    await locker.connect();
    await locker.query('begin');
    await locker.query('select id from loop_case where customer_id = $1 for update', [x]);
    const customers: string[] = [];
    for (let i = 0; i < 30; i++)
      customers.push(await addCustomer(t, { name: `Batch ${i}`, emails: [`b${i}@example.com`] }));
    const batch = customers.map((c) => npsAnswer(c, 4, now()));
    batch.splice(10, 0, npsAnswer(x, 2, now()));
    await ingest(t, batch);
    await waitFor(
      'the worker to block on the case lock',
      async () =>
        (await count(
          "select count(*) n from pg_stat_activity where wait_event_type = 'Lock' and datname = current_database()",
        )) > 0,
    );
    const alertsAtKill = await count('select count(*) n from alert where customer_id = any($1::uuid[])', [
      [x, ...customers],
    ]);
    worker.kill('SIGKILL');
    await new Promise((r) => worker.once('exit', r));
    await locker.query('rollback');
    await locker.end();
    expect(alertsAtKill).toBeLessThan(32);
    expect(await count('select count(*) n from alert where customer_id = $1', [x])).toBe(1);

    // While no worker runs, more answers arrive and a client retries a whole batch.
    const late: string[] = [];
    for (let i = 0; i < 10; i++)
      late.push(await addCustomer(t, { name: `Late ${i}`, emails: [`l${i}@example.com`] }));
    await ingest(
      t,
      late.map((c) => npsAnswer(c, 0, now())),
    );
    expect((await ingest(t, batch)).duplicates).toBe(batch.length);

    worker = await startWorker();
    const all = [x, ...customers, ...late];
    const expectedAlerts = 1 + 1 + 30 + 10;
    await waitFor(
      'every red flag',
      async () =>
        (await count('select count(*) n from alert where customer_id = any($1::uuid[])', [all])) ===
        expectedAlerts,
      2400,
    );
    await waitFor(
      'every email sent',
      async () =>
        (await count("select count(*) n from notification where channel = 'email' and sent_at is null")) ===
        0,
      2400,
    );
    await waitFor(
      'every webhook delivered',
      async () => (await count("select count(*) n from webhook_delivery where status <> 'delivered'")) === 0,
      2400,
    );
    worker.kill('SIGTERM');

    expect(await count('select count(*) n from loop_case where customer_id = any($1::uuid[])', [all])).toBe(
      all.length,
    );
    expect(await count('select count(*) n from alert where customer_id = any($1::uuid[])', [all])).toBe(
      expectedAlerts,
    );
    expect(await count('select count(*) n from task where customer_id = any($1::uuid[])', [all])).toBe(
      all.length * 5,
    );
    const assignedNotices = await count(
      "select count(*) n from notification where kind = 'case-assigned' and customer_id = any($1::uuid[])",
      [all],
    );
    expect(assignedNotices).toBe(all.length * 2); // in-app + email, once each
    const opened = await count(
      "select count(*) n from webhook_delivery where event_type = 'case.opened' and payload->'data'->>'customerId' = any($1::text[])",
      [all],
    );
    expect(opened).toBe(all.length);
    // Receivers deduplicate by webhook-id; every delivery arrived, none under two ids.
    const ids = new Set(hooks.received.map((h) => h.headers['webhook-id']));
    expect(ids.size).toBe(await count('select count(*) n from webhook_delivery'));
    const messageIds = new Set(smtp.mails.map((m) => /Message-ID: <([^>]+)>/i.exec(m.raw)?.[1]));
    expect(messageIds.size).toBe(await count("select count(*) n from notification where channel = 'email'"));
  });
});

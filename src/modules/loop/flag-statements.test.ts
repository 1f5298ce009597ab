import { type KyselyPlugin, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AnyJson, createStaffUser, startTestApp, type TestApp } from '../../../test/helpers.ts';
import { setContactPreference } from '../outreach/index.ts';
import { buildCustomerFacts } from './build-rule-facts.ts';
import { raiseFlag } from './raise-flag.ts';
import { manualClock } from './testing/fixtures.ts';
import { addCustomer, addTeam } from './testing/team-setup.ts';

const clock = manualClock('2026-11-17T10:00:00Z');
const always = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '00:00', end: '24:00' }));
let t: TestApp;
let agentId: string;
let rule: AnyJson;
beforeAll(async () => {
  t = await startTestApp({ clock, config: { webhookAllowPrivate: ['127.0.0.1'] } });
  const a = await createStaffUser(t.ctx, 'agent');
  agentId = a.staff.id;
  await addTeam(t, 'Desk', 'UTC', always, [agentId], null);
  const hook = await t.api('/api/v1/webhooks', { method: 'POST', json: { url: 'http://127.0.0.1:9/hook' } });
  expect(hook.status).toBe(201);
  rule = (await (await t.api('/api/v1/rules')).json()).data.find((r: AnyJson) => r.key === 'nps-detractor');
});
afterAll(() => t?.close());

const newCustomer = (over: Record<string, unknown> = {}) =>
  addCustomer(t, {
    name: 'Counted',
    emails: ['c@example.com'],
    phones: ['+33100000000'],
    ownerId: agentId,
    ...over,
  });

// They told us not to call them, whatever for.
const noCalls = { purpose: '*', channel: 'phone', allowed: false, source: 'phone' } as const;
const pick = ({ id, key, name, severity, playbookId }: AnyJson) => ({ id, key, name, severity, playbookId });

/** Raises the detractor flag for a new customer, counting the statements it runs. */
const raise = async () => raiseFor(await newCustomer());

async function raiseFor(customerId: string) {
  const customer = await buildCustomerFacts(t.ctx, customerId);
  const seen: string[] = [];
  const counter: KyselyPlugin = {
    transformQuery: (args) => {
      seen.push(args.node.kind);
      return args.node;
    },
    transformResult: async (args) => args.result,
  };
  const ctx = { ...t.ctx, db: t.ctx.db.withPlugin(counter) };
  const r = await raiseFlag(ctx, {
    customerId,
    rule: { ...pick(rule), notify: ['in-app', 'email', 'webhook'], cooldownDays: 0 },
    triggerKey: `test:${customerId}`,
    summary: rule.name,
    event: null,
    customer,
  });
  return { r, customerId, seen };
}

// Before the opening was batched (issue 14.4) one opened case ran 30 statements (BEGIN, COMMIT and
// the queue's job inserts aside): a contact-channel check per step, one insert per history entry
// and per notice channel. Each of those is one statement now, whatever the number of steps; and
// the case is inserted with its holdout arm instead of updated after the tasks, and the holdout
// registers and reads its program in one statement, and the SLA policy and the playbook are one
// read (22 before those three).
const OPENED_CASE_STATEMENTS = 19;

describe('the statements of one red flag', () => {
  it('opens a case with its playbook, notices and webhook in a bounded number of statements', async () => {
    const { r, customerId, seen } = await raise();
    expect(r.status).toBe('opened');
    expect(seen.length).toBeLessThanOrEqual(OPENED_CASE_STATEMENTS);
    const count = async (table: string) =>
      (
        await sql<{
          n: number;
        }>`select count(*)::int as n from ${sql.table(table)} where customer_id = ${customerId}`.execute(
          t.ctx.db,
        )
      ).rows[0]?.n;
    expect(await count('task')).toBe(5);
    expect(await count('notification')).toBe(2);
    expect(await count('case_event')).toBe(4); // opened, assigned, sla-set, playbook-started
    const deliveries = await sql<{ n: number }>`select count(*)::int as n from webhook_delivery
      where dedupe_key = ${`case:${r.caseId}:opened`}`.execute(t.ctx.db);
    expect(deliveries.rows[0]?.n).toBe(1);
  });

  it('keeps each step’s refusal under its own reference while deciding each channel once', async () => {
    const customerId = await newCustomer({ name: 'No calls' });
    await setContactPreference(t.ctx, { customerId, ...noCalls });
    const { r, seen } = await raiseFor(customerId);
    expect(r.status).toBe('opened');
    // The refusals of the call and the check-in: one more statement, not one per step.
    expect(seen.length).toBeLessThanOrEqual(OPENED_CASE_STATEMENTS + 1);
    const tasks = await t.ctx.db
      .selectFrom('task')
      .select(['type', 'channel'])
      .where('case_id', '=', r.caseId as string)
      .orderBy('step_index')
      .execute();
    expect(tasks.map((x) => [x.type, x.channel])).toEqual([
      ['call', 'email'],
      ['email', 'email'],
      ['gesture', null],
      ['survey', 'email'],
      ['check-in', 'email'],
    ]);
    const refusals = await t.ctx.db
      .selectFrom('contact_refusal')
      .select(['reference', 'rule'])
      .where('customer_id', '=', customerId)
      .orderBy('reference')
      .execute();
    expect(refusals).toEqual([
      { reference: `case:${r.caseId}:step:0`, rule: 'consent:service/phone' },
      { reference: `case:${r.caseId}:step:4`, rule: 'consent:service/phone' },
    ]);
  });
});

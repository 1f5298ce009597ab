import { type KyselyPlugin, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AnyJson, createStaffUser, startTestApp, type TestApp } from '../../../test/helpers.ts';
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

/** Raises the detractor flag for a new customer, counting the statements it runs. */
async function raise(over: Record<string, unknown> = {}) {
  const customerId = await addCustomer(t, {
    name: 'Counted',
    emails: ['c@example.com'],
    phones: ['+33100000000'],
    ownerId: agentId,
    ...over,
  });
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
    rule: {
      id: rule.id,
      key: rule.key,
      name: rule.name,
      severity: rule.severity,
      playbookId: rule.playbookId,
      notify: ['in-app', 'email', 'webhook'],
      cooldownDays: 0,
    },
    triggerKey: `test:${customerId}`,
    summary: rule.name,
    event: null,
    customer,
  });
  return { r, customerId, seen };
}

describe('the statements of one red flag', () => {
  it('opens a case with its playbook, notices and webhook in a bounded number of statements', async () => {
    const { r, customerId, seen } = await raise();
    console.log(seen.length, seen.join(' '));
    expect(r.status).toBe('opened');
    const tasks = await sql<{
      n: number;
    }>`select count(*)::int as n from task where customer_id = ${customerId}`.execute(t.ctx.db);
    expect(tasks.rows[0]?.n).toBe(5);
  });
});

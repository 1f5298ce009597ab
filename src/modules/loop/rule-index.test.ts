import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/helpers.ts';
import { addCustomer, ingest, npsAnswer } from './testing/team-setup.ts';

let t: TestApp;
let other: pg.Client; // another process's connection: rules changed there reach this one only through the database
let customerId: string;
let ruleId: (key: string) => string;
beforeAll(async () => {
  t = await startTestApp();
  other = new pg.Client({ connectionString: t.dbUrl });
  await other.connect();
  customerId = await addCustomer(t, { name: 'Indexed', emails: ['i@example.com'] });
  const rules: { id: string; key: string }[] = (await (await t.api('/api/v1/rules')).json()).data;
  ruleId = (key) => rules.find((r) => r.key === key)?.id ?? '';
});
afterAll(async () => {
  await other?.end();
  await t?.close();
});

let n = 0;
const touchpoint = (over: Record<string, unknown> = {}) => ({
  customerId,
  source: 'test',
  sourceId: `tp-${++n}`,
  channel: 'web',
  kind: 'purchase',
  occurredAt: new Date().toISOString(),
  amount: { minor: 1000, currency: 'EUR' },
  ...over,
});

/** The rule ids each queued evaluation carries, by touchpoint source id (absent: nothing queued). */
async function queued(): Promise<Map<string, string[]>> {
  const { rows } = await sql<{ data: { items: { sourceId: string; ruleIds: string[] }[] } }>`
    select data from pgboss.job where name = 'loop.evaluate-events'`.execute(t.ctx.db);
  return new Map(rows.flatMap((r) => r.data.items.map((i) => [i.sourceId, i.ruleIds] as const)));
}

describe('ingest queues evaluation only for touchpoints some enabled rule can match', () => {
  it('queues nothing for a touchpoint no rule matches, and only the rules that can match otherwise', async () => {
    const purchase = touchpoint();
    const neutralEmail = touchpoint({
      kind: 'email',
      channel: 'email',
      direction: 'inbound',
      sentiment: 0.2,
    });
    const promoter = npsAnswer(customerId, 9, new Date().toISOString());
    const detractor = npsAnswer(customerId, 3, new Date().toISOString());
    const angry = touchpoint({ kind: 'chat', channel: 'chat', direction: 'inbound', sentiment: -0.9 });
    const cancel = touchpoint({ kind: 'note', properties: { comment: 'I want to cancel my plan' } });
    await ingest(t, [purchase, neutralEmail, promoter, detractor, angry, cancel]);
    const q = await queued();
    expect(q.has(purchase.sourceId)).toBe(false);
    expect(q.has(neutralEmail.sourceId)).toBe(false);
    // A survey answer may move a case along, so it is queued, but with no rule to evaluate.
    expect(q.get(promoter.sourceId)).toEqual([]);
    expect(q.get(detractor.sourceId)).toEqual([ruleId('nps-detractor')]);
    expect(q.get(angry.sourceId)).toEqual([ruleId('negative-sentiment')]);
    expect(q.get(cancel.sourceId)).toEqual([ruleId('cancellation-intent')]);
  });

  it('queues nothing for a touchpoint too old to raise a flag', async () => {
    const old = touchpoint({
      kind: 'chat',
      channel: 'chat',
      sentiment: -0.9,
      occurredAt: new Date(Date.now() - 30 * 86_400_000).toISOString(),
    });
    await ingest(t, [old]);
    expect((await queued()).has(old.sourceId)).toBe(false);
  });

  it('sees a rule created, changed and disabled in another process at the next batch', async () => {
    const { rows } = await other.query<{ id: string }>(
      `insert into red_flag_rule (id, key, name, trigger, event_kinds, condition, severity)
       values (gen_random_uuid(), 'big-purchase', 'Big purchase', 'event', '{purchase}', $1, 'low') returning id`,
      ['customer.purchaseCount >= 0'],
    );
    const id = rows[0]?.id ?? '';
    const a = touchpoint();
    await ingest(t, [a]);
    // It names the customer, so only the worker can decide it.
    expect((await queued()).get(a.sourceId)).toEqual([id]);

    // Now it looks at the touchpoint alone: decided at ingest.
    await other.query('update red_flag_rule set condition = $2 where id = $1', [
      id,
      'event.amountMinor > 5000',
    ]);
    const small = touchpoint({ amount: { minor: 100, currency: 'EUR' } });
    const big = touchpoint({ amount: { minor: 9000, currency: 'EUR' } });
    await ingest(t, [small, big]);
    let q = await queued();
    expect(q.get(small.sourceId)).toBeUndefined();
    expect(q.get(big.sourceId)).toEqual([id]);

    await other.query('update red_flag_rule set enabled = false where id = $1', [id]);
    const b = touchpoint({ amount: { minor: 9000, currency: 'EUR' } });
    await ingest(t, [b]);
    q = await queued();
    expect(q.has(b.sourceId)).toBe(false);
  });

  it('does not reload the rules when only error counts change', async () => {
    const version = async () =>
      (await other.query<{ version: string }>('select version from red_flag_rule_version')).rows[0]?.version;
    const before = await version();
    await other.query('update red_flag_rule set error_count = error_count + 1, last_error = $1', ['x']);
    expect(await version()).toBe(before);
    await other.query("update red_flag_rule set event_channels = '{chat}' where key = 'negative-sentiment'");
    expect(await version()).not.toBe(before);
    const emailAngry = touchpoint({ kind: 'email', channel: 'email', direction: 'inbound', sentiment: -0.9 });
    const chatAngry = touchpoint({ kind: 'chat', channel: 'chat', direction: 'inbound', sentiment: -0.9 });
    await ingest(t, [emailAngry, chatAngry]);
    const q = await queued();
    expect(q.has(emailAngry.sourceId)).toBe(false);
    expect(q.get(chatAngry.sourceId)).toEqual([ruleId('negative-sentiment')]);
  });
});

import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AnyJson, startTestApp, type TestApp } from '../../../test/helpers.ts';
import { buildCustomerFacts } from './build-rule-facts.ts';
import { raiseFlag } from './raise-flag.ts';
import { manualClock } from './testing/fixtures.ts';
import { addCustomer, addStaff, addTeam, flagNewCustomer } from './testing/team-setup.ts';

// Routing reads each candidate's open cases from loop_staff_open_cases, kept by a trigger; these
// tests hold the counter to a count of loop_case itself after every path that moves a case.
const clock = manualClock('2026-11-17T10:00:00Z');
const always = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '00:00', end: '24:00' }));
let t: TestApp;
let ana: string;
let ben: string;
let rule: AnyJson;

beforeAll(async () => {
  t = await startTestApp({ clock });
  ana = await addStaff(t, 'Ana', 'agent', 'UTC', null);
  ben = await addStaff(t, 'Ben', 'agent', 'UTC', null);
  await addTeam(t, 'Desk', 'UTC', always, [ana, ben], null);
  rule = (await (await t.api('/api/v1/rules')).json()).data.find((r: AnyJson) => r.key === 'nps-detractor');
});
afterAll(() => t?.close());

/** A new customer with no owner, flagged as the worker would: routing picks within the team. */
async function flag(): Promise<string> {
  const r = await flagNewCustomer(t, rule, { name: 'Unowned', emails: ['u@example.com'] });
  expect(r.status).toBe('opened');
  return r.caseId as string;
}

const counted = async () =>
  (
    await sql<{ staff_id: string; open: number }>`
      select s.id as staff_id, coalesce(c.open, 0)::int as open from staff s
      left join loop_staff_open_cases c on c.staff_id = s.id where s.id in (${ana}, ${ben})
      order by s.id`.execute(t.ctx.db)
  ).rows;
const actual = async () =>
  (
    await sql<{ staff_id: string; open: number }>`
      select s.id as staff_id, count(k.id)::int as open from staff s
      left join loop_case k on k.assignee_id = s.id and k.status <> 'resolved'
      where s.id in (${ana}, ${ben}) group by s.id order by s.id`.execute(t.ctx.db)
  ).rows;
const assigneeOf = async (caseId: string) =>
  (await (await t.api(`/api/v1/cases/${caseId}`)).json()).assigneeId;
const post = (path: string, json: unknown) => t.api(path, { method: 'POST', json });

describe('open cases per staff member (routing’s counter)', () => {
  it('spreads new cases evenly and stays equal to the open cases through reassign, resolve and reopen', async () => {
    const cases = [];
    for (let i = 0; i < 4; i++) {
      clock.set(`2026-11-17T10:0${i}:00Z`);
      cases.push(await flag());
    }
    const owners = await Promise.all(cases.map(assigneeOf));
    // Least loaded first, ties to whoever was given a case longest ago: they alternate.
    expect(owners[0]).not.toBe(owners[1]);
    expect(owners[2]).toBe(owners[0]);
    expect(owners[3]).toBe(owners[1]);
    expect(await counted()).toEqual(await actual());
    expect((await counted()).map((r) => r.open)).toEqual([2, 2]);

    const [first, second] = cases as [string, string];
    const from = owners[0] as string;
    const to = from === ana ? ben : ana;
    expect((await post(`/api/v1/cases/${first}/reassign`, { assigneeId: to })).status).toBe(200);
    expect(
      (await post(`/api/v1/cases/${second}/resolve`, { outcome: 'churned', rootCauses: ['price'] })).status,
    ).toBe(200);
    expect(await counted()).toEqual(await actual());
    // `from` now has 1 open case against `to`'s 2: the next case is theirs.
    clock.set('2026-11-17T10:10:00Z');
    expect(await assigneeOf(await flag())).toBe(from);
    expect(await counted()).toEqual(await actual());

    expect((await post(`/api/v1/cases/${second}/reopen`, { reason: 'called back' })).status).toBe(200);
    expect(await counted()).toEqual(await actual());
  });

  it('forgets a rolled-back opening (the counter moves at commit only)', async () => {
    const before = await counted();
    const customerId = await addCustomer(t, { name: 'Twice', emails: ['t@example.com'] });
    const input = {
      customerId,
      rule: { ...rule, notify: ['in-app'], cooldownDays: 0 },
      triggerKey: 'test:same',
      summary: rule.name,
      event: null,
      customer: await buildCustomerFacts(t.ctx, customerId),
    };
    expect((await raiseFlag(t.ctx, input)).status).toBe('opened');
    const after = await counted();
    // A retried flag opens its case again inside the transaction, finds the alert raised, rolls back.
    await sql`update loop_case set status = 'resolved', resolved_at = now() where customer_id = ${customerId}`.execute(
      t.ctx.db,
    );
    expect((await raiseFlag(t.ctx, input)).status).toBe('duplicate');
    expect(await counted()).toEqual(await actual());
    expect(after.reduce((n, r) => n + r.open, 0)).toBe(before.reduce((n, r) => n + r.open, 0) + 1);
  });
});

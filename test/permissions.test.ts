import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCustomerFacts } from '../src/modules/loop/build-rule-facts.ts';
import { raiseFlag } from '../src/modules/loop/raise-flag.ts';
import { manualClock } from '../src/modules/loop/testing/fixtures.ts';
import { addCustomer, addTeam } from '../src/modules/loop/testing/team-setup.ts';
import { createApiKey } from '../src/modules/staff/index.ts';
import { type AnyJson, createStaffUser, logInCookie, startTestApp, type TestApp } from './helpers.ts';

/**
 * Walks docs/permissions.md over real HTTP with real objects held by different people and teams:
 * Team A (Ann, Abe), Team B (Bea), Lou in no team, a manager and an admin, and API keys of each
 * scope. Each row is one request and the status the table promises.
 */
const clock = manualClock('2026-11-17T10:00:00Z');
const always = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '00:00', end: '24:00' }));
let t: TestApp;
const who: Record<string, { id?: string; headers: Record<string, string> }> = {};
let rules: AnyJson[];

async function person(name: string, role: 'admin' | 'manager' | 'agent') {
  const u = await createStaffUser(t.ctx, role);
  who[name] = { id: u.staff.id, headers: { cookie: await logInCookie(t, u.staff.email, u.password) } };
  return u.staff.id;
}
async function key(name: string, scope: 'read' | 'write' | 'ingest' | 'admin') {
  const { key: k } = await createApiKey(t.ctx, { name, scopes: [scope] });
  who[name] = { headers: { authorization: `Bearer ${k}` } };
}
const id = (name: string) => who[name]?.id as string;

/** A case for a customer owned by `ownerId` (routed to the owner, who is on shift). */
async function openCase(ownerId: string | null) {
  const customerId = await addCustomer(t, { name: `Customer ${randomUUID().slice(0, 4)}`, ownerId });
  const rule = rules.find((r) => r.key === 'nps-detractor');
  const r = await raiseFlag(t.ctx, {
    customerId,
    rule: { ...rule, notify: [], cooldownDays: 0 },
    triggerKey: `test:${customerId}`,
    summary: rule.name,
    event: null,
    customer: await buildCustomerFacts(t.ctx, customerId),
  });
  return { customerId, caseId: r.caseId as string };
}

type Row = [actor: string, method: string, path: string, body: unknown, expected: number];

async function walk(rows: Row[]) {
  const wrong: string[] = [];
  for (const [actor, method, path, body, expected] of rows) {
    const res = await t.api(path, {
      method,
      headers: who[actor]?.headers,
      ...(body === undefined ? {} : { json: body }),
    });
    if (res.status !== expected)
      wrong.push(`${actor} ${method} ${path} ${JSON.stringify(body)}: ${res.status}, want ${expected}`);
  }
  return wrong;
}

beforeAll(async () => {
  t = await startTestApp({ clock });
  await person('admin', 'admin');
  await person('manager', 'manager');
  await person('ann', 'agent');
  await person('abe', 'agent');
  await person('bea', 'agent');
  await person('lou', 'agent');
  await key('readKey', 'read');
  await key('writeKey', 'write');
  await key('ingestKey', 'ingest');
  await key('adminKey', 'admin');
  await addTeam(t, 'Team A', 'UTC', always, [id('ann'), id('abe')], id('manager'));
  await addTeam(t, 'Team B', 'UTC', always, [id('bea')], null);
  rules = (await (await t.api('/api/v1/rules')).json()).data;
});
afterAll(() => t?.close());

describe('object-level permissions (docs/permissions.md)', () => {
  it('cases: own and team’s for agents, every case for managers, admins and write keys', async () => {
    const annCase = await openCase(id('ann'));
    const beaCase = await openCase(id('bea'));
    const c = (k: { caseId: string }, action: string) => `/api/v1/cases/${k.caseId}/${action}`;
    const comment = { body: 'Called, no answer.' };
    const snooze = { until: '2026-11-18T09:00:00Z', reason: 'travelling' };
    // Who may act on Ann's case (Team A) and on Bea's (Team B).
    const expected: Record<string, [number, number]> = {
      ann: [200, 403],
      abe: [200, 403],
      bea: [403, 200],
      lou: [403, 403],
      manager: [200, 200],
      admin: [200, 200],
      readKey: [403, 403],
      writeKey: [200, 200],
      ingestKey: [403, 403],
      adminKey: [200, 200],
    };
    const rows: Row[] = [];
    for (const [actor, [onAnn, onBea]] of Object.entries(expected)) {
      rows.push([actor, 'POST', c(annCase, 'comments'), comment, onAnn]);
      rows.push([actor, 'POST', c(beaCase, 'comments'), comment, onBea]);
      rows.push([actor, 'POST', c(annCase, 'snooze'), snooze, onAnn]);
      rows.push([actor, 'POST', c(beaCase, 'snooze'), snooze, onBea]);
      // Handing the case to whoever holds it already: allowed exactly where acting is.
      rows.push([actor, 'POST', c(annCase, 'reassign'), { assigneeId: id('ann') }, onAnn]);
      rows.push([actor, 'POST', c(beaCase, 'reassign'), { assigneeId: id('bea') }, onBea]);
      rows.push([actor, 'POST', c(annCase, 'follow-up'), { type: 'nps', score: 9 }, onAnn]);
    }
    // Reading is open to all staff and read keys (a customer's history is shared context).
    for (const actor of ['ann', 'bea', 'lou', 'manager', 'readKey'])
      rows.push([actor, 'GET', `/api/v1/cases/${beaCase.caseId}`, undefined, 200]);
    // Hand-overs: an agent gives a case only to themselves or a teammate; managers to anyone.
    rows.push(['abe', 'POST', c(annCase, 'reassign'), { assigneeId: id('bea') }, 403]);
    rows.push(['bea', 'POST', c(annCase, 'reassign'), { assigneeId: id('bea') }, 403]);
    rows.push(['manager', 'POST', c(beaCase, 'reassign'), { assigneeId: id('abe') }, 200]);
    // Now Abe holds Bea's old case: Team A acts on it, Bea no longer does.
    rows.push(['ann', 'POST', c(beaCase, 'comments'), comment, 200]);
    rows.push(['bea', 'POST', c(beaCase, 'comments'), comment, 403]);
    rows.push(['abe', 'POST', c(beaCase, 'reassign'), { assigneeId: id('ann') }, 200]);
    // Resolve and reopen follow the same rule.
    rows.push(['bea', 'POST', c(annCase, 'resolve'), { outcome: 'not-an-issue' }, 403]);
    rows.push(['abe', 'POST', c(annCase, 'resolve'), { outcome: 'not-an-issue' }, 200]);
    rows.push(['lou', 'POST', c(annCase, 'reopen'), { reason: 'again' }, 403]);
    rows.push(['ann', 'POST', c(annCase, 'reopen'), { reason: 'again' }, 200]);
    expect(await walk(rows)).toEqual([]);
  });

  it('unclaimed cases (no assignee, no team) are anyone’s to pick up', async () => {
    const free = await openCase(null);
    // Nobody was on shift to route it to: as the sweep would leave it (fixture, not an API path).
    await t.ctx.db
      .updateTable('loop_case')
      .set({ assignee_id: null, team_id: null })
      .where('id', '=', free.caseId)
      .execute();
    await t.ctx.db
      .updateTable('task')
      .set({ assignee_id: null })
      .where('case_id', '=', free.caseId)
      .execute();
    const path = `/api/v1/cases/${free.caseId}`;
    expect(
      await walk([
        ['lou', 'POST', `${path}/comments`, { body: 'I will take it' }, 200],
        ['bea', 'POST', `${path}/reassign`, { assigneeId: id('ann') }, 403], // not her teammate
        ['lou', 'POST', `${path}/reassign`, { assigneeId: id('lou') }, 200],
        // Now Lou's: Bea (Team B) may no longer touch it.
        ['bea', 'POST', `${path}/comments`, { body: 'mine?' }, 403],
      ]),
    ).toEqual([]);
  });

  it('tasks and promises follow their case; a promise outside a case follows its assignee', async () => {
    const annCase = await openCase(id('ann'));
    const tasks = (await (await t.api(`/api/v1/tasks?caseId=${annCase.caseId}`)).json()).data as AnyJson[];
    const [call, email] = tasks;
    const note = { note: 'Done.' };
    const promise = (caseId: string | undefined, assigneeId?: string) => ({
      id: randomUUID(),
      customerId: annCase.customerId,
      title: 'Call back Friday',
      dueAt: '2026-11-20T09:00:00Z',
      ...(caseId ? { caseId } : {}),
      ...(assigneeId ? { assigneeId } : {}),
    });
    const beaPromise = await t.api('/api/v1/promises', {
      method: 'POST',
      headers: who.bea?.headers,
      json: promise(undefined),
    });
    const beaPromiseId = (await beaPromise.json()).id;
    expect(
      await walk([
        ['bea', 'POST', `/api/v1/tasks/${call.id}/complete`, note, 403],
        ['abe', 'POST', `/api/v1/tasks/${call.id}/complete`, note, 200],
        ['manager', 'POST', `/api/v1/tasks/${email.id}/complete`, note, 200],
        ['bea', 'POST', '/api/v1/promises', promise(annCase.caseId), 403],
        ['abe', 'POST', '/api/v1/promises', promise(annCase.caseId), 201],
        ['abe', 'POST', '/api/v1/promises', promise(undefined, id('ann')), 201],
        ['abe', 'POST', '/api/v1/promises', promise(undefined, id('bea')), 403],
        ['ann', 'POST', `/api/v1/tasks/${beaPromiseId}/complete`, note, 403],
        ['writeKey', 'POST', `/api/v1/tasks/${beaPromiseId}/complete`, note, 200],
      ]),
    ).toEqual([]);
  });

  it('customers: owner changes and churn marking follow one rule on every route', async () => {
    const annCustomer = await addCustomer(t, { name: 'Owned by Ann', ownerId: id('ann') });
    const beaCustomer = await addCustomer(t, { name: 'Owned by Bea', ownerId: id('bea') });
    const p = (cid: string) => `/api/v1/customers/${cid}`;
    const bulk = '/api/v1/customers/assign-owner';
    const rows: Row[] = [
      // Bea may not take Ann's customer, by PATCH or in bulk, nor mark it churned.
      ['bea', 'PATCH', p(annCustomer), { ownerId: id('bea') }, 403],
      ['bea', 'POST', bulk, { customerIds: [annCustomer], ownerId: id('bea') }, 403],
      ['bea', 'POST', bulk, { customerIds: [beaCustomer, annCustomer], ownerId: id('bea') }, 403],
      ['bea', 'PATCH', p(annCustomer), { status: 'churned' }, 403],
      ['lou', 'PATCH', p(annCustomer), { status: 'churned' }, 403],
      // …but may still correct its contact details (open to every rep).
      ['bea', 'PATCH', p(annCustomer), { phones: ['+44 20 7946 0000'] }, 200],
      // Ann may not give her customer to another team; a teammate she may.
      ['ann', 'PATCH', p(annCustomer), { ownerId: id('bea') }, 403],
      ['ann', 'POST', bulk, { customerIds: [annCustomer], ownerId: id('bea') }, 403],
      ['ann', 'PATCH', p(annCustomer), { ownerId: id('abe') }, 200],
      // Abe (Team A) now owns it; Ann is still on the team: both act on it.
      ['ann', 'PATCH', p(annCustomer), { status: 'churned' }, 200],
      ['abe', 'PATCH', p(annCustomer), { status: 'active' }, 200],
      ['abe', 'POST', bulk, { customerIds: [annCustomer], ownerId: id('ann') }, 200],
      // Creating a customer for someone: oneself or a teammate.
      ['ann', 'POST', '/api/v1/customers', { name: 'New', ownerId: id('abe') }, 201],
      ['ann', 'POST', '/api/v1/customers', { name: 'New', ownerId: id('bea') }, 403],
      // Managers, admins and write keys change any owner and status.
      ['manager', 'PATCH', p(beaCustomer), { ownerId: id('ann') }, 200],
      ['admin', 'POST', bulk, { customerIds: [beaCustomer], ownerId: id('bea') }, 200],
      ['writeKey', 'PATCH', p(beaCustomer), { status: 'churned' }, 200],
      ['adminKey', 'PATCH', p(beaCustomer), { status: 'active' }, 200],
      ['readKey', 'PATCH', p(beaCustomer), { status: 'churned' }, 403],
      ['ingestKey', 'POST', bulk, { customerIds: [beaCustomer], ownerId: id('ann') }, 403],
    ];
    expect(await walk(rows)).toEqual([]);
    const owners = await t.ctx.db
      .selectFrom('customer')
      .select(['id', 'owner_id', 'status'])
      .where('id', 'in', [annCustomer, beaCustomer])
      .execute();
    expect(Object.fromEntries(owners.map((o) => [o.id, [o.owner_id, o.status]]))).toEqual({
      [annCustomer]: [id('ann'), 'active'],
      [beaCustomer]: [id('bea'), 'active'],
    });
  });

  it('opportunities: flagged on own, team or unowned customers; moved by the rep’s team; report for managers', async () => {
    const annCase = await openCase(id('ann'));
    const flag = (repId?: string) => ({
      customerId: annCase.customerId,
      caseId: annCase.caseId,
      interest: 'Asked about the yearly plan',
      valueMinor: 5000,
      currency: 'EUR',
      ...(repId ? { repId } : {}),
    });
    const opp = await t.api('/api/v1/people/opportunities', {
      method: 'POST',
      headers: who.ann?.headers,
      json: flag(),
    });
    const oppId = (await opp.json()).id;
    const stage = `/api/v1/people/opportunities/${oppId}/stage`;
    const report = '/api/v1/people/opportunities-report?from=2026-11-01T00:00:00Z&to=2026-12-01T00:00:00Z';
    expect(opp.status).toBe(201);
    expect(
      await walk([
        ['abe', 'POST', '/api/v1/people/opportunities', flag(), 201],
        ['bea', 'POST', '/api/v1/people/opportunities', flag(), 403],
        ['lou', 'POST', '/api/v1/people/opportunities', flag(), 403],
        ['ann', 'POST', '/api/v1/people/opportunities', flag(id('bea')), 403],
        ['manager', 'POST', '/api/v1/people/opportunities', flag(), 201],
        ['writeKey', 'POST', '/api/v1/people/opportunities', flag(), 400],
        ['writeKey', 'POST', '/api/v1/people/opportunities', flag(id('ann')), 201],
        ['readKey', 'POST', '/api/v1/people/opportunities', flag(id('ann')), 403],
        ['ingestKey', 'POST', '/api/v1/people/opportunities', flag(id('ann')), 403],
        ['bea', 'GET', `/api/v1/people/opportunities/${oppId}`, undefined, 200],
        ['readKey', 'GET', '/api/v1/people/opportunities', undefined, 200],
        ['bea', 'POST', stage, { stage: 'qualified' }, 403],
        ['abe', 'POST', stage, { stage: 'qualified' }, 200],
        ['readKey', 'POST', stage, { stage: 'lost' }, 403],
        ['ann', 'GET', report, undefined, 403],
        ['manager', 'GET', report, undefined, 200],
        ['readKey', 'GET', report, undefined, 200],
        ['writeKey', 'GET', report, undefined, 403],
      ]),
    ).toEqual([]);
  });

  it('names the rule in the 403', async () => {
    const beaCase = await openCase(id('bea'));
    const res = await t.api(`/api/v1/cases/${beaCase.caseId}/comments`, {
      method: 'POST',
      headers: who.ann?.headers,
      json: { body: 'x' },
    });
    expect(res.status).toBe(403);
    expect((await res.json()).error.message).toMatch(
      /their own cases and their team’s \(docs\/permissions\.md\)/,
    );
  });
});

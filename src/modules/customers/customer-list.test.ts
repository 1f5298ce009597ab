// The customer list: health, P(alive) and last-contact filters, server-side sorts that page
// correctly across ties and unscored customers, and bulk owner assignment.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AnyJson,
  createStaffUser,
  logInCookie,
  startTestApp,
  type TestApp,
} from '../../../test/helpers.ts';
import { setTestScores } from '../insight/testing/set-scores.ts';

const NOW = new Date('2026-06-15T12:00:00Z');
const DAY = 86_400_000;
const ago = (days: number) => new Date(NOW.getTime() - days * DAY).toISOString();

let t: TestApp;
let managerCookie: string;
let agentCookie: string;
let managerId: string;
let agentId: string;

type Seed = {
  key: string;
  name: string | null;
  score?: { health: number | null; pAlive: number | null; clvMinor: number | null };
  contacts?: { kind: string; channel: string; days: number }[];
};

// Health and P(alive) values sit on the band edges (39/40, 69/70, 0.29/0.3, 0.69/0.7) and three
// customers share health 55 so the cursor's tie-breaker is crossed at a page boundary.
const seeds: Seed[] = [
  { key: 'A', name: 'alice Zephyr', score: { health: 90, pAlive: 0.95, clvMinor: 50_000 } },
  { key: 'B', name: 'Bob Young', score: { health: 70, pAlive: 0.7, clvMinor: 30_000 } },
  { key: 'C', name: 'carol Xu', score: { health: 69, pAlive: 0.69, clvMinor: 20_000 } },
  { key: 'D', name: 'Dave Wong', score: { health: 55, pAlive: 0.5, clvMinor: 10_000 } },
  { key: 'E', name: 'erin Vance', score: { health: 55, pAlive: 0.3, clvMinor: 10_000 } },
  { key: 'F', name: 'Frank Upton', score: { health: 40, pAlive: 0.29, clvMinor: 5_000 } },
  { key: 'G', name: 'grace Thomas', score: { health: 39, pAlive: 0.1, clvMinor: 1_000 } },
  { key: 'H', name: 'Heidi Stone', score: { health: 10, pAlive: 0, clvMinor: 0 } },
  { key: 'I', name: 'ivan Rossi', score: { health: null, pAlive: 0.8, clvMinor: null } },
  { key: 'J', name: 'Judy Quinn' },
  { key: 'K', name: null },
  { key: 'L', name: 'Lena Price', score: { health: 55, pAlive: null, clvMinor: 7_000 } },
  { key: 'M', name: null },
];
const ids = new Map<string, string>();
const idOf = (key: string) => ids.get(key) as string;
const keyOf = new Map<string, string>();

beforeAll(async () => {
  t = await startTestApp({ clock: { now: () => NOW } });
  const manager = await createStaffUser(t.ctx, 'manager', 'manager@example.com');
  const agent = await createStaffUser(t.ctx, 'agent', 'agent@example.com');
  managerId = manager.staff.id;
  agentId = agent.staff.id;
  managerCookie = await logInCookie(t, manager.staff.email, manager.password);
  agentCookie = await logInCookie(t, agent.staff.email, agent.password);
  for (const s of seeds) {
    const res = await t.api('/api/v1/customers', {
      method: 'POST',
      json: { name: s.name, emails: [`${s.key.toLowerCase()}@list.example`] },
    });
    expect(res.status).toBe(201);
    const id: string = (await res.json()).id;
    ids.set(s.key, id);
    keyOf.set(id, s.key);
  }
  await setTestScores(
    t.ctx,
    seeds.flatMap((s) =>
      s.score ? [{ customerId: ids.get(s.key) as string, ...s.score, churnProbability: 0.25 }] : [],
    ),
  );
  // Conversations decide "last contact"; a purchase is not one.
  const events = [
    { key: 'A', channel: 'phone', kind: 'call', days: 5 },
    { key: 'A', channel: 'web', kind: 'purchase', days: 1 },
    { key: 'B', channel: 'email', kind: 'email', days: 40 },
    { key: 'C', channel: 'web', kind: 'purchase', days: 2 },
    { key: 'D', channel: 'chat', kind: 'ticket', days: 100 },
    { key: 'D', channel: 'phone', kind: 'call', days: 20 },
  ].map((e, i) => ({
    customerId: ids.get(e.key),
    sourceId: `list-${i}`,
    channel: e.channel,
    kind: e.kind,
    occurredAt: ago(e.days),
    ...(e.kind === 'purchase' ? { amount: { minor: 1000, currency: 'EUR' } } : {}),
  }));
  const ingest = await t.api('/api/v1/events', { method: 'POST', json: { events } });
  expect((await ingest.json()).accepted).toBe(events.length);
});
afterAll(() => t?.close());

const list = async (qs: string, init: RequestInit = {}): Promise<AnyJson> => {
  const res = await t.api(`/api/v1/customers?${qs}`, init);
  expect(res.status, await res.clone().text()).toBe(200);
  return res.json();
};
const keys = (rows: { id: string }[]) => rows.map((r) => keyOf.get(r.id) ?? r.id);
const sorted = (xs: string[]) => [...xs].sort();

/** Every page of a list, following nextCursor; fails if a page repeats a customer. */
async function allPages(qs: string, limit: number): Promise<string[]> {
  const seen: string[] = [];
  let after: string | null = null;
  let pages = 0;
  do {
    const page: AnyJson = await list(
      `${qs}&limit=${limit}${after ? `&after=${encodeURIComponent(after)}` : ''}`,
    );
    expect(page.data.length).toBeLessThanOrEqual(limit);
    seen.push(...keys(page.data));
    after = page.nextCursor;
    pages++;
  } while (after && pages < 50);
  expect(new Set(seen).size).toBe(seen.length);
  return seen;
}

/** Keys ordered by id, in the direction given (the tie-breaker and the unscored customers' order). */
const byId = (ks: string[], dir: 'asc' | 'desc') =>
  [...ks].sort((a, b) => {
    const x = ids.get(a) as string;
    const y = ids.get(b) as string;
    return (x < y ? -1 : 1) * (dir === 'asc' ? 1 : -1);
  });

describe('the customer list', () => {
  it('filters by health band, with unscored customers (no scores, or no health) on their own', async () => {
    expect(sorted(keys((await list('health=at-risk')).data))).toEqual(['G', 'H']);
    expect(sorted(keys((await list('health=watch')).data))).toEqual(['C', 'D', 'E', 'F', 'L']);
    expect(sorted(keys((await list('health=healthy')).data))).toEqual(['A', 'B']);
    expect(sorted(keys((await list('health=unscored')).data))).toEqual(['I', 'J', 'K', 'M']);
    expect((await t.api('/api/v1/customers?health=sickly')).status).toBe(400);
  });

  it('filters by P(alive) band and carries the scores on each row', async () => {
    expect(sorted(keys((await list('pAlive=low')).data))).toEqual(['F', 'G', 'H']);
    expect(sorted(keys((await list('pAlive=medium')).data))).toEqual(['C', 'D', 'E']);
    expect(sorted(keys((await list('pAlive=high')).data))).toEqual(['A', 'B', 'I']);
    expect(sorted(keys((await list('pAlive=unscored')).data))).toEqual(['J', 'K', 'L', 'M']);
    const both = await list('health=watch&pAlive=medium');
    expect(sorted(keys(both.data))).toEqual(['C', 'D', 'E']);
    const a = (await list('health=healthy&pAlive=high')).data.find((r: AnyJson) => r.id === ids.get('A'));
    expect(a.scores).toEqual({
      health: 90,
      pAlive: 0.95,
      clv: { minor: 50_000, currency: 'EUR' },
      churnProbability: 0.25,
    });
    const unscored = (await list('health=unscored')).data;
    expect(unscored.find((r: AnyJson) => r.id === ids.get('J')).scores).toBeNull();
    expect(unscored.find((r: AnyJson) => r.id === ids.get('I')).scores).toMatchObject({
      health: null,
      pAlive: 0.8,
      clv: null,
    });
  });

  it('filters by last contact: conversations count, purchases do not, never counts as no contact', async () => {
    expect(sorted(keys((await list('contactedWithinDays=30')).data))).toEqual(['A', 'D']);
    expect(sorted(keys((await list('noContactForDays=30')).data))).toEqual([
      'B',
      'C',
      'E',
      'F',
      'G',
      'H',
      'I',
      'J',
      'K',
      'L',
      'M',
    ]);
    expect(keys((await list('contactedWithinDays=60&noContactForDays=30')).data)).toEqual(['B']);
    const rows = (await list('contactedWithinDays=365')).data;
    const last = Object.fromEntries(rows.map((r: AnyJson) => [keyOf.get(r.id), r.lastContactAt]));
    expect(last).toEqual({ A: ago(5), B: ago(40), D: ago(20) });
    const c = (await list('query=c%40list.example')).data[0];
    expect(c.lastContactAt).toBeNull();
    expect((await t.api('/api/v1/customers?contactedWithinDays=0')).status).toBe(400);
  });

  it('sorts by health either way over all customers, page by page, unscored last', async () => {
    const scoredDesc = ['A', 'B', 'C', ...byId(['D', 'E', 'L'], 'desc'), 'F', 'G', 'H'];
    expect(await allPages('sort=health&direction=desc', 2)).toEqual([
      ...scoredDesc,
      ...byId(['I', 'J', 'K', 'M'], 'desc'),
    ]);
    const scoredAsc = ['H', 'G', 'F', ...byId(['D', 'E', 'L'], 'asc'), 'C', 'B', 'A'];
    expect(await allPages('sort=health&direction=asc', 3)).toEqual([
      ...scoredAsc,
      ...byId(['I', 'J', 'K', 'M'], 'asc'),
    ]);
    // Filters narrow a sorted list without breaking its order or its pages.
    expect(await allPages('sort=health&direction=desc&health=watch', 2)).toEqual([
      'C',
      ...byId(['D', 'E', 'L'], 'desc'),
      'F',
    ]);
    expect(await allPages('sort=health&health=unscored', 2)).toEqual(byId(['I', 'J', 'K', 'M'], 'asc'));
    expect(await allPages('sort=health&direction=desc&pAlive=high', 1)).toEqual(['A', 'B', 'I']);
  });

  it('sorts by P(alive), CLV and name', async () => {
    expect(await allPages('sort=pAlive&direction=desc', 4)).toEqual([
      'A',
      'I',
      'B',
      'C',
      'D',
      'E',
      'F',
      'G',
      'H',
      ...byId(['J', 'K', 'L', 'M'], 'desc'),
    ]);
    expect(await allPages('sort=clv&direction=desc', 5)).toEqual([
      'A',
      'B',
      'C',
      ...byId(['D', 'E'], 'desc'),
      'L',
      'F',
      'G',
      'H',
      ...byId(['I', 'J', 'K', 'M'], 'desc'),
    ]);
    // Case does not decide the order; customers without a name come last either way, by email.
    const names = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'L'];
    expect(await allPages('sort=name', 5)).toEqual([...names, 'K', 'M']);
    expect(await allPages('sort=name&direction=desc', 5)).toEqual([...names.reverse(), 'M', 'K']);
    const firstSeen = await list('sort=firstSeen&direction=desc&limit=200');
    const times = firstSeen.data.map((r: AnyJson) => r.firstSeenAt);
    expect(times).toEqual([...times].sort().reverse());
    expect(firstSeen.data).toHaveLength(seeds.length);
  });

  it('searches within the filters over all matches, in name order, page by page', async () => {
    // Every seeded email contains "list.example": the search matches all, the band narrows it.
    expect(await allPages('query=list.example', 4)).toEqual([...'ABCDEFGHIJL'.split(''), 'K', 'M']);
    expect(await allPages('query=list.example&health=watch', 2)).toEqual(['C', 'D', 'E', 'F', 'L']);
    expect(await allPages('query=list.example&sort=health&direction=desc&health=watch', 2)).toEqual([
      'C',
      ...byId(['D', 'E', 'L'], 'desc'),
      'F',
    ]);
    // One or two letters match the start of a name (or of the first email of a nameless customer).
    expect(keys((await list('query=Bo')).data)).toEqual(['B']);
    expect(keys((await list('query=e&sort=health&direction=desc')).data)).toEqual(['E']);
    expect(keys((await list('query=e&sort=name')).data)).toEqual(['E']);
  });

  it('keeps the unsorted list in id order with the last id as its cursor, and refuses foreign cursors', async () => {
    const first = await list('limit=5');
    expect(first.nextCursor).toBe(first.data[4].id);
    const all = await allPages('', 5);
    expect(all).toEqual(byId([...ids.keys()], 'asc'));
    const sortedPage = await list('sort=health&limit=2');
    const wrongSort = await t.api(`/api/v1/customers?sort=clv&after=${sortedPage.nextCursor}`);
    expect(wrongSort.status).toBe(400);
    expect((await wrongSort.json()).error.message).toMatch(/^after: not a cursor of this list/);
    expect((await t.api(`/api/v1/customers?after=${sortedPage.nextCursor}`)).status).toBe(400);
    expect((await t.api('/api/v1/customers?sort=name&after=garbage')).status).toBe(400);
  });
});

describe('bulk owner assignment', () => {
  const assign = (body: unknown, cookie = managerCookie) =>
    t.api('/api/v1/customers/assign-owner', { method: 'POST', json: body, headers: { cookie } });
  const ownerOf = async (id: string) => (await (await t.api(`/api/v1/customers/${id}`)).json()).ownerId;
  const profileUpdates = async (id: string): Promise<AnyJson[]> =>
    (await (await t.api(`/api/v1/customers/${id}/timeline?kind=profile-update`)).json()).data;

  it('assigns many customers in one go, records each change on its timeline and one audit entry', async () => {
    const [a, b, c] = [idOf('A'), idOf('B'), idOf('C')];
    // C already belongs to the agent: it is counted, not rewritten.
    const patch = await t.api(`/api/v1/customers/${c}`, { method: 'PATCH', json: { ownerId: agentId } });
    expect(patch.status).toBe(200);
    const res = await assign({ customerIds: [a, b, c, a], ownerId: agentId });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ updated: 2, unchanged: 1 });
    for (const id of [a, b, c]) expect(await ownerOf(id)).toBe(agentId);
    expect(await profileUpdates(c)).toHaveLength(1);
    const [entry] = await profileUpdates(a);
    expect(entry).toMatchObject({
      staffId: managerId,
      subject: 'Updated ownerId',
      properties: { changes: { ownerId: { from: null, to: agentId } } },
    });
    expect(sorted(keys((await list(`ownerId=${agentId}`)).data))).toEqual(['A', 'B', 'C']);

    const audit = await (await t.api(`/api/v1/audit?actorId=${managerId}`)).json();
    const entries = audit.data.filter((e: AnyJson) => e.action === 'customer.assign-owner');
    expect(entries).toHaveLength(1);
    expect(entries[0].details).toEqual({
      ownerId: agentId,
      count: 2,
      unchanged: 1,
      customerIds: sorted([a, b]),
    });

    const unassign = await assign({ customerIds: [a], ownerId: null });
    expect(await unassign.json()).toEqual({ updated: 1, unchanged: 0 });
    expect(await ownerOf(a)).toBeNull();
  });

  it('changes nothing and says which customers are unknown', async () => {
    const d = idOf('D');
    const ghosts = ['00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000002'];
    const res = await assign({ customerIds: [d, ...ghosts], ownerId: agentId });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error.message).toBe(
      `2 of the customers do not exist (any more): ${ghosts.join(', ')}. Nothing was changed.`,
    );
    expect(body.error.details).toEqual({ unknownCustomerIds: ghosts });
    expect(await ownerOf(d)).toBeNull();
    expect(await profileUpdates(d)).toHaveLength(0);
  });

  it('refuses an unknown or deactivated owner, an agent giving customers away, and empty or oversized requests', async () => {
    const d = idOf('D');
    const unknown = await assign({ customerIds: [d], ownerId: '00000000-0000-4000-8000-0000000000ff' });
    expect(unknown.status).toBe(400);
    expect((await unknown.json()).error.message).toBe(
      'ownerId: is not a staff member (00000000-0000-4000-8000-0000000000ff)',
    );
    const leaver = await createStaffUser(t.ctx, 'agent', 'leaver@example.com');
    await t.ctx.db
      .updateTable('staff')
      .set({ name: 'Lee Leaver', active: false })
      .where('id', '=', leaver.staff.id)
      .execute();
    const inactive = await assign({ customerIds: [d], ownerId: leaver.staff.id });
    expect(inactive.status).toBe(400);
    expect((await inactive.json()).error.message).toBe(
      'ownerId: Lee Leaver is deactivated; pick an active colleague',
    );

    // An agent in no team may not give a customer to someone else (docs/permissions.md).
    const other = await createStaffUser(t.ctx, 'agent', 'other@example.com');
    const byAgent = await assign({ customerIds: [d], ownerId: other.staff.id }, agentCookie);
    expect(byAgent.status).toBe(403);
    expect(await ownerOf(d)).toBeNull();

    expect((await assign({ customerIds: [], ownerId: agentId })).status).toBe(400);
    const many = Array.from({ length: 1001 }, () => d);
    expect((await assign({ customerIds: many, ownerId: agentId })).status).toBe(400);
    expect((await assign({ customerIds: ['nope'], ownerId: agentId })).status).toBe(400);
  });
});

describe('true totals and "all matching"', () => {
  const count = async (qs: string) => {
    const res = await t.api(`/api/v1/customers/count?${qs}`);
    expect(res.status).toBe(200);
    return res.json();
  };

  it('counts every customer a filter matches, agreeing with the pages of the list', async () => {
    expect(await count('')).toEqual({ count: seeds.length, exact: true });
    for (const qs of [
      'health=at-risk',
      'health=watch',
      'pAlive=unscored',
      'noContactForDays=30',
      'query=an',
    ]) {
      expect((await count(qs)).count, qs).toBe((await allPages(qs, 5)).length);
    }
    expect(await count('health=healthy&query=zzz-nobody')).toEqual({ count: 0, exact: true });
  });

  it('assigns every customer matching a filter, not just the loaded page', async () => {
    const watch = await allPages('health=watch', 50);
    expect(watch.length).toBeGreaterThan(2);
    const res = await t.api('/api/v1/customers/assign-owner', {
      method: 'POST',
      json: { filter: { health: 'watch' }, ownerId: managerId },
      headers: { cookie: managerCookie },
    });
    expect(res.status).toBe(200);
    const r = await res.json();
    expect(r.updated + r.unchanged).toBe(watch.length);
    expect(sorted(keys((await list(`ownerId=${managerId}&limit=200`)).data))).toEqual(sorted(watch));

    const audit = await (await t.api(`/api/v1/audit?actorId=${managerId}`)).json();
    const entry = audit.data.find((e: AnyJson) => e.action === 'customer.assign-owner');
    expect(entry.details).toMatchObject({ filter: { health: 'watch' }, ownerId: managerId });

    const both = await t.api('/api/v1/customers/assign-owner', {
      method: 'POST',
      json: { filter: { health: 'watch' }, customerIds: [idOf('A')], ownerId: null },
    });
    expect(both.status).toBe(400);
    expect(
      (await t.api('/api/v1/customers/assign-owner', { method: 'POST', json: { ownerId: null } })).status,
    ).toBe(400);
  });
});

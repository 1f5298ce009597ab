// The customers every segment test counts over: 48 generated deterministically (a failing case
// can be replayed) with names, emails, countries, locales, statuses, owners, custom fields,
// purchases in two currencies, refunds, calls and scores; shared by the segment test files.
import { sql } from 'kysely';
import { expect } from 'vitest';
import {
  type AnyJson,
  createStaffUser,
  logInCookie,
  startTestApp,
  type TestApp,
} from '../../../../test/helpers.ts';
import { setTestScores } from '../../insight/testing/set-scores.ts';

export const NOW = new Date('2026-06-15T12:00:00Z');
const DAY = 86_400_000;
export const ago = (days: number) => new Date(NOW.getTime() - days * DAY);
export const N = 48;

/** A small deterministic generator, so a failing case can be replayed. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export interface SegmentFixture {
  t: TestApp;
  managerId: string;
  agentId: string;
  teamId: string;
  managerCookie: string;
  agentCookie: string;
}

export async function startSegmentFixture(): Promise<SegmentFixture> {
  const t = await startTestApp({ clock: { now: () => NOW } });
  const manager = await createStaffUser(t.ctx, 'manager');
  const agent = await createStaffUser(t.ctx, 'agent');
  const managerId = manager.staff.id;
  const agentId = agent.staff.id;
  const managerCookie = await logInCookie(t, manager.staff.email, manager.password);
  const agentCookie = await logInCookie(t, agent.staff.email, agent.password);
  const team = await t.api('/api/v1/teams', { method: 'POST', json: { name: 'North', timeZone: 'UTC' } });
  expect(team.status, await team.clone().text()).toBe(201);
  const teamId: string = (await team.json()).id;
  const join = await t.api(`/api/v1/teams/${teamId}/members`, {
    method: 'PUT',
    json: { members: [{ staffId: agentId }] },
  });
  expect(join.status, await join.clone().text()).toBeLessThan(300);

  const r = rng(42);
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)] as T;
  const ids: string[] = [];
  const events: AnyJson[] = [];
  const scores: AnyJson[] = [];
  for (let i = 0; i < N; i++) {
    const res = await t.api('/api/v1/customers', {
      method: 'POST',
      json: {
        name:
          i % 9 === 0
            ? null
            : `${pick(['Ada', 'Bob', 'Cleo', 'Dan'])} ${pick(['Stone', 'Rivers', 'Ng'])} ${i}`,
        emails: i % 7 === 0 ? [] : [`c${i}@${pick(['shop.example', 'mail.example'])}`],
        address: i % 5 === 0 ? null : { country: pick(['FR', 'DE', 'GB']) },
        locale: i % 4 === 0 ? null : pick(['fr-FR', 'en-GB', 'de-DE']),
        status: pick(['active', 'active', 'lapsed', 'churned']),
        ownerId: pick([null, managerId, agentId]),
        customFields: i % 3 === 0 ? {} : { plan: pick(['Gold', 'silver']), seats: Math.floor(r() * 20) },
      },
    });
    expect(res.status, await res.clone().text()).toBe(201);
    const id: string = (await res.json()).id;
    ids.push(id);
    const purchases = Math.floor(r() * 4);
    for (let p = 0; p < purchases; p++) {
      events.push({
        customerId: id,
        sourceId: `p-${i}-${p}`,
        channel: 'web',
        kind: 'purchase',
        occurredAt: ago(Math.floor(r() * 200)).toISOString(),
        amount: { minor: 500 + Math.floor(r() * 20_000), currency: r() < 0.85 ? 'EUR' : 'USD' },
      });
    }
    if (purchases && r() < 0.2)
      events.push({
        customerId: id,
        sourceId: `r-${i}`,
        channel: 'web',
        kind: 'refund',
        occurredAt: ago(1).toISOString(),
        amount: { minor: 300, currency: 'EUR' },
      });
    if (r() < 0.3)
      events.push({
        customerId: id,
        sourceId: `c-${i}`,
        channel: 'phone',
        kind: 'call',
        occurredAt: ago(Math.floor(r() * 100)).toISOString(),
      });
    if (i % 6 !== 5)
      scores.push({
        customerId: id,
        health: i % 10 === 0 ? null : Math.floor(r() * 101),
        pAlive: Math.round(r() * 100) / 100,
        clvMinor: Math.floor(r() * 100_000),
        churnProbability: Math.round(r() * 100) / 100,
      });
  }
  const ingest = await t.api('/api/v1/events', { method: 'POST', json: { events } });
  expect((await ingest.json()).accepted).toBe(events.length);
  await setTestScores(t.ctx, scores);
  // First seen between 0 and 3 years ago (the column defaults to the database's now()).
  for (const [i, id] of ids.entries())
    await sql`update customer set first_seen_at = ${ago(i * 23)} where id = ${id}::uuid`.execute(t.ctx.db);
  return { t, managerId, agentId, teamId, managerCookie, agentCookie };
}

/** The same count written by hand, over customers and insight's scores. */
export const sqlCount = async (t: TestApp, where: ReturnType<typeof sql>) =>
  (
    await sql<{ n: number }>`select count(*)::int as n from customer c
      left join insight_score s on s.customer_id = c.id where c.erased_at is null and ${where}`.execute(
      t.ctx.db,
    )
  ).rows[0]?.n;

export const all = (...conditions: AnyJson[]) => ({ match: 'all', conditions });

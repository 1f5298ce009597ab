import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AnyJson,
  createStaffUser,
  logInCookie,
  startTestApp,
  type TestApp,
} from '../../../test/helpers.ts';
import { createCustomer } from '../customers/index.ts';
import { setTestScores } from '../insight/testing/set-scores.ts';
import { manualClock } from '../loop/testing/fixtures.ts';
import { addPurchase, addResolvedCase, addResponse, csatSurvey } from './test-fixtures.ts';

const clock = manualClock('2025-12-01T00:00:00Z');
let t: TestApp;
let ann: { id: string; cookie: string };
let ben: { id: string; cookie: string };

beforeAll(async () => {
  t = await startTestApp({ clock });
  const a = await createStaffUser(t.ctx, 'agent');
  const b = await createStaffUser(t.ctx, 'agent');
  ann = { id: a.staff.id, cookie: await logInCookie(t, a.staff.email, a.password) };
  ben = { id: b.staff.id, cookie: await logInCookie(t, b.staff.email, b.password) };
});
afterAll(() => t?.close());

const json = async (res: Response, status = 200): Promise<AnyJson> => {
  const body = await res.text();
  expect(res.status, body).toBe(status);
  return JSON.parse(body);
};
const JAN = 'from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z';
const card = async (staffId: string) =>
  (await json(await t.api(`/api/v1/people/scorecards/staff/${staffId}?${JAN}&detail=true`))).reps[0];

describe('scorecards', () => {
  it('keeps past CSAT and save rate with the rep who owned the customer then', async () => {
    const survey = await csatSurvey(t);
    const x = (await createCustomer(t.ctx, { name: 'Xavier', ownerId: ann.id })).id;
    await addResponse(t, survey, x, 5, '2026-01-10T10:00:00Z');
    await addResolvedCase(t, x, 'saved', '2026-01-11T10:00:00Z');
    clock.set('2026-01-15T00:00:00Z');
    const before = await card(ann.id);
    expect(before.card.csat).toEqual({ value: 100, n: 1 });
    expect(before.card.saveRate).toEqual({ value: 100, n: 1 });
    // Mid-period, Xavier moves to Ben; what happens next is Ben's.
    await json(await t.api(`/api/v1/customers/${x}`, { method: 'PATCH', json: { ownerId: ben.id } }));
    await addResponse(t, survey, x, 1, '2026-01-20T10:00:00Z');
    await addResolvedCase(t, x, 'churned', '2026-01-21T10:00:00Z');
    clock.set('2026-02-02T00:00:00Z');
    const after = await card(ann.id);
    expect(after.card.csat).toEqual(before.card.csat);
    expect(after.card.saveRate).toEqual(before.card.saveRate);
    const bens = await card(ben.id);
    expect(bens.card.csat).toEqual({ value: 0, n: 1 });
    expect(bens.card.saveRate).toEqual({ value: 0, n: 1 });
    expect(bens.detail.cases.map((c: AnyJson) => c.outcome)).toEqual(['churned']);
  });

  it('scores retention against the book’s expected retention, not raw retention', async () => {
    clock.set('2025-12-15T00:00:00Z');
    const risky: string[] = [];
    const safe: string[] = [];
    for (let i = 0; i < 10; i++)
      risky.push((await createCustomer(t.ctx, { name: `R${i}`, ownerId: ann.id })).id);
    for (let i = 0; i < 20; i++)
      safe.push((await createCustomer(t.ctx, { name: `S${i}`, ownerId: ben.id })).id);
    clock.set('2026-01-01T00:00:00Z');
    await setTestScores(t.ctx, [
      ...risky.map((customerId) => ({ customerId, pAlive: 0.6 })),
      ...safe.map((customerId) => ({ customerId, pAlive: 0.95 })),
    ]);
    for (const id of risky.slice(0, 7)) await addPurchase(t, id, '2026-01-05T12:00:00Z');
    for (const id of safe.slice(0, 18)) await addPurchase(t, id, '2026-01-05T12:00:00Z');
    clock.set('2026-02-02T00:00:00Z');
    const a = (await card(ann.id)).card.retention;
    const b = (await card(ben.id)).card.retention;
    // Ann's book: expected 60%, retained 70% (+10); Ben's: expected 95%, retained 90% (−5).
    expect(a).toEqual({ observed: 70, expected: 60, score: 10, n: 10 });
    expect(b).toEqual({ observed: 90, expected: 95, score: -5, n: 20 });
    expect(a.score).toBeGreaterThan(b.score);
  });

  it('gives a manager the team total beside each member, with the period before', async () => {
    const team = await json(
      await t.api('/api/v1/teams', {
        method: 'POST',
        json: { name: 'North', timeZone: 'Europe/Berlin', managerId: null },
      }),
      201,
    );
    await json(
      await t.api(`/api/v1/teams/${team.id}/members`, {
        method: 'PUT',
        json: { members: [{ staffId: ann.id }, { staffId: ben.id }] },
      }),
    );
    const m = await createStaffUser(t.ctx, 'manager');
    const cookie = await logInCookie(t, m.staff.email, m.password);
    const res = await json(
      await t.api(`/api/v1/people/scorecards/teams/${team.id}?${JAN}`, { headers: { cookie } }),
    );
    expect(res.reps.map((r: AnyJson) => r.staffId).sort()).toEqual([ann.id, ben.id].sort());
    // The team's CSAT pools both answers: Ann's 5 and Ben's 1.
    expect(res.total.card.csat).toEqual({ value: 50, n: 2 });
    expect(res.total.card.retention.n).toBe(30);
    expect(res.total.previous.csat).toEqual({ value: null, n: 0 });
    expect(res.reps[0].detail).toBeUndefined();
  });

  it('lets an agent read only their own scorecard; teams are for managers', async () => {
    const own = await t.api(`/api/v1/people/scorecards/staff/${ann.id}?${JAN}`, {
      headers: { cookie: ann.cookie },
    });
    expect(own.status).toBe(200);
    const other = await json(
      await t.api(`/api/v1/people/scorecards/staff/${ben.id}?${JAN}`, { headers: { cookie: ann.cookie } }),
      403,
    );
    expect(other.error.message).toMatch(/only their own scorecard/);
    const team = await t.api(`/api/v1/people/scorecards/teams/00000000-0000-4000-8000-000000000000?${JAN}`, {
      headers: { cookie: ann.cookie },
    });
    expect(team.status).toBe(403);
    const bad = await json(
      await t.api(
        `/api/v1/people/scorecards/staff/${ann.id}?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z`,
      ),
      400,
    );
    expect(bad.error.message).toMatch(/to must be after from/);
  });
});

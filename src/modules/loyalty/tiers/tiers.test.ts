import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AnyJson,
  createStaffUser,
  logInCookie,
  startTestApp,
  type TestApp,
} from '../../../../test/helpers.ts';
import { buildCustomerFacts } from '../../loop/build-rule-facts.ts';
import { raiseFlag } from '../../loop/index.ts';
import { manualClock } from '../../loop/testing/fixtures.ts';
import { addCustomer, addTeam } from '../../loop/testing/team-setup.ts';
import { grantReward } from '../grant-reward.ts';
import { evaluateAllTiers } from './evaluate-all-tiers.ts';
import { evaluateTiers } from './evaluate-tiers.ts';
import { evaluateAllTiersJob, evaluateCustomerTiersJob } from './tier-jobs.ts';

const clock = manualClock('2026-11-17T10:00:00Z');
const always = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '00:00', end: '24:00' }));
let t: TestApp;
let rep: string;
let gold: AnyJson;
let silver: AnyJson;
let manager: { id: string; cookie: string };

const tier = (over: Record<string, unknown>) =>
  t.api('/api/v1/loyalty/tiers', { method: 'POST', json: over });
const buy = (customerId: string, id: string, minor: number, kind = 'purchase') =>
  t.api('/api/v1/events', {
    method: 'POST',
    json: {
      events: [
        {
          customerId,
          source: 'shop',
          sourceId: id,
          channel: 'web',
          kind,
          occurredAt: clock.now().toISOString(),
          amount: { minor, currency: 'EUR' },
        },
      ],
    },
  });
/** Runs the re-evaluation jobs the purchase listener queued, as a worker would. */
async function runQueuedEvaluations() {
  const jobs = await sql<{ data: { customerIds: string[] } }>`
    select data from pgboss.job where name = ${evaluateCustomerTiersJob.name} and state = 'created'`.execute(
    t.ctx.db,
  );
  for (const j of jobs.rows) await evaluateCustomerTiersJob.handle(t.ctx, j.data);
  return jobs.rows.length;
}
/** Raises the built-in "no contact in 90 days" flag for a customer: opens their case. */
async function flagNoContact(c: string) {
  const rules = (await (await t.api('/api/v1/rules')).json()).data;
  const rule = rules.find((r: AnyJson) => r.key === 'no-contact-90d');
  return raiseFlag(t.ctx, {
    customerId: c,
    rule: { ...rule, notify: ['in-app'], cooldownDays: 0 },
    triggerKey: `test:${c}`,
    summary: rule.name,
    event: null,
    customer: await buildCustomerFacts(t.ctx, c),
  });
}
const tierOf = async (c: string) =>
  (await (await t.api(`/api/v1/loyalty/customers/${c}/tier`)).json()) as AnyJson;

beforeAll(async () => {
  t = await startTestApp({ clock });
  const a = await createStaffUser(t.ctx, 'agent');
  rep = a.staff.id;
  await addTeam(t, 'Gold desk', 'UTC', always, [rep], null);
  const m = await createStaffUser(t.ctx, 'manager');
  manager = { id: m.staff.id, cookie: await logInCookie(t, m.staff.email, m.password) };
  silver = await (
    await tier({
      name: 'Silver',
      rank: 1,
      criterion: 'spend',
      currency: 'EUR',
      threshold: 20_000,
      downgrade: 'never',
    })
  ).json();
  gold = await (
    await tier({
      name: 'Gold',
      rank: 2,
      criterion: 'spend',
      currency: 'EUR',
      threshold: 50_000,
      windowDays: 365,
      downgrade: 'grace',
      graceDays: 30,
      casePriority: 1,
      firstResponseMinutes: 30,
      resolutionMinutes: 240,
      dedicatedRep: true,
      repStaffIds: [rep],
      callListFirst: true,
    })
  ).json();
  expect(gold.id).toBeTruthy();
});
afterAll(() => t?.close());

describe('tiers', () => {
  it('upgrades at once on the purchase that crosses Gold, assigns the rep, and times the next flag by Gold', async () => {
    const c = await addCustomer(t, { name: 'Greta', emails: ['greta@example.com'] });
    await buy(c, 'o-1', 31_000);
    expect(await runQueuedEvaluations()).toBeGreaterThan(0);
    let view = await tierOf(c);
    expect(view.tier.name).toBe('Silver');
    expect(view.next).toMatchObject({ name: 'Gold', value: 31_000, threshold: 50_000 });
    await buy(c, 'o-2', 20_000);
    await runQueuedEvaluations();
    view = await tierOf(c);
    expect(view.tier.name).toBe('Gold');
    const customer = await (await t.api(`/api/v1/customers/${c}`)).json();
    expect(customer.ownerId).toBe(rep);
    const timeline = await (await t.api(`/api/v1/customers/${c}/timeline?kind=tier-change`)).json();
    expect(timeline.data.map((d: AnyJson) => d.subject)).toContain('Tier upgrade: Silver → Gold');
    const r = await flagNoContact(c);
    const kase = await (await t.api(`/api/v1/cases/${r.caseId}`)).json();
    expect(kase.priority).toBe(1);
    expect(kase.assigneeId).toBe(rep);
    expect(new Date(kase.firstContactDueAt).getTime() - clock.now().getTime()).toBe(30 * 60_000);
    expect(new Date(kase.resolutionDueAt).getTime() - clock.now().getTime()).toBe(240 * 60_000);
  });

  it('gives a reopened case the priority and SLA of the tier the customer has now', async () => {
    const c = await addCustomer(t, { name: 'Rena', emails: ['rena@example.com'] });
    await buy(c, 'r-1', 25_000);
    await runQueuedEvaluations();
    expect((await tierOf(c)).tier.name).toBe('Silver');
    const r = await flagNoContact(c);
    const post = (path: string, json: unknown) => t.api(path, { method: 'POST', json });
    const opened = await (await t.api(`/api/v1/cases/${r.caseId}`)).json();
    // Silver has no service level: the severity policy's clock and priority.
    expect(opened.priority).toBeGreaterThan(1);
    expect((await post(`/api/v1/cases/${r.caseId}/resolve`, { outcome: 'not-an-issue' })).status).toBe(200);
    await buy(c, 'r-2', 30_000);
    await runQueuedEvaluations();
    expect((await tierOf(c)).tier.name).toBe('Gold');
    const res = await post(`/api/v1/cases/${r.caseId}/reopen`, { reason: 'called again' });
    expect(res.status).toBe(200);
    const reopened = await res.json();
    expect(reopened).toMatchObject({ status: 'open', priority: 1, cycle: 1 });
    expect(new Date(reopened.resolutionDueAt).getTime() - clock.now().getTime()).toBe(240 * 60_000);
    expect(reopened.history.find((h: AnyJson) => h.kind === 'reopened').details).toMatchObject({
      priority: 1,
      serviceLevel: expect.stringContaining('Gold'),
    });
  });

  it('downgrades Gold only after the grace period; Silver (never) keeps its members', async () => {
    const c = await addCustomer(t, { name: 'Hugo' });
    await buy(c, 'h-1', 60_000);
    await runQueuedEvaluations();
    expect((await tierOf(c)).tier.name).toBe('Gold');
    await buy(c, 'h-r', 35_000, 'refund');
    await runQueuedEvaluations();
    let view = await tierOf(c);
    expect(view.tier.name).toBe('Gold');
    expect(view.belowSince).not.toBeNull();
    clock.set('2026-12-10T10:00:00Z');
    await evaluateAllTiersJob.handle(t.ctx, {});
    expect((await tierOf(c)).tier.name).toBe('Gold');
    clock.set('2026-12-18T10:00:00Z');
    await evaluateAllTiersJob.handle(t.ctx, {});
    view = await tierOf(c);
    expect(view.tier.name).toBe('Silver');
    // Years later, with nothing bought in the window, Silver's policy "never" keeps them.
    clock.set('2028-12-18T10:00:00Z');
    await evaluateAllTiersJob.handle(t.ctx, {});
    expect((await tierOf(c)).tier.name).toBe('Silver');
    clock.set('2026-11-17T10:00:00Z');
  });

  it('applies a manager’s override at once, audited, and lets it expire', async () => {
    const c = await addCustomer(t, { name: 'Ida' });
    const put = (json: unknown) =>
      t.api(`/api/v1/loyalty/customers/${c}/tier-override`, {
        method: 'PUT',
        json,
        headers: { cookie: manager.cookie },
      });
    const ok = await put({
      tierId: gold.id,
      until: '2026-12-01T00:00:00Z',
      reason: 'Key account, onboarding',
    });
    expect(ok.status).toBe(200);
    expect((await tierOf(c)).tier.name).toBe('Gold');
    const audit = await sql<{ n: number }>`select count(*)::int as n from audit_log
      where action = 'loyalty.tier.override' and customer_id = ${c}`.execute(t.ctx.db);
    expect(audit.rows[0]?.n).toBe(1);
    clock.set('2026-12-02T00:00:00Z');
    await evaluateTiers(t.ctx, { after: null, limit: 1000 });
    const after = await tierOf(c);
    expect(after.tier).toBeNull();
    expect(after.override).toBeNull();
    clock.set('2026-11-17T10:00:00Z');
    const bad = await put({ tierId: gold.id, until: '2026-11-01T00:00:00Z', reason: 'past' });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toMatch(/until/);
  });

  it('counts qualifying points from earnings only, never what was spent', async () => {
    const pts = await (
      await tier({ name: 'Points club', rank: 3, criterion: 'points', threshold: 1_000, downgrade: 'never' })
    ).json();
    const c = await addCustomer(t, { name: 'Jo' });
    await grantReward(t.ctx, { customerId: c, key: 'e1', points: 1_200, reason: 'earned', source: 'test' });
    await t.ctx.db
      .insertInto('loyalty_ledger')
      .values({
        customer_id: c,
        points: -1_100,
        reason: 'redeemed',
        source: 'test',
        idempotency_key: 's1',
        kind: 'spend',
      })
      .execute();
    await evaluateTiers(t.ctx, { customerIds: [c] });
    expect((await tierOf(c)).tier.id).toBe(pts.id);
    await t.ctx.db.deleteFrom('loyalty_tier_member').where('tier_id', '=', pts.id).execute();
    await t.ctx.db.deleteFrom('loyalty_tier_change').where('to_tier_id', '=', pts.id).execute();
    await t.ctx.db.deleteFrom('loyalty_tier').where('id', '=', pts.id).execute();
  });

  it('a nightly pass in small pages run in parallel sees every customer once and places each', async () => {
    const spends = { Kim: 0, Lev: 25_000, Mia: 60_000, Ned: 10_000, Ola: 30_000 };
    const ids: Record<string, string> = {};
    for (const [name, minor] of Object.entries(spends)) {
      ids[name] = await addCustomer(t, { name });
      if (minor) await buy(ids[name] as string, `p-${name}`, minor);
    }
    const all = await sql<{ n: number }>`select count(*)::int as n from customer`.execute(t.ctx.db);
    const r = await evaluateAllTiers(t.ctx, { pageSize: 2, concurrency: 3 });
    expect(r.seen).toBe(all.rows[0]?.n);
    expect(r.pages).toBe(Math.floor((all.rows[0]?.n ?? 0) / 2) + 1);
    const placed = async (name: string) => (await tierOf(ids[name] as string)).tier?.name ?? null;
    expect(await Promise.all(Object.keys(spends).map(placed))).toEqual([
      null,
      'Silver',
      'Gold',
      null,
      'Silver',
    ]);
    const changes = await sql<{ n: number }>`select count(*)::int as n from loyalty_tier_change
      where customer_id = any(${Object.values(ids)}::uuid[])`.execute(t.ctx.db);
    expect(changes.rows[0]?.n).toBe(3);
  });

  it('refuses bad tier definitions with a 4xx that says what is wrong', async () => {
    const noCurrency = await tier({ name: 'X', rank: 9, criterion: 'spend', threshold: 1 });
    expect(noCurrency.status).toBe(400);
    expect(JSON.stringify(await noCurrency.json())).toMatch(/currency/);
    expect((await tier({ name: 'Y', rank: 9, criterion: 'points', threshold: -5 })).status).toBe(400);
    const dup = await tier({ name: 'Gold', rank: 9, criterion: 'tenure', threshold: 10 });
    expect(dup.status).toBe(409);
    const noRep = await tier({ name: 'Z', rank: 8, criterion: 'tenure', threshold: 10, dedicatedRep: true });
    expect(noRep.status).toBe(400);
    expect(silver.name).toBe('Silver');
  });
});

// A generated data set with planted churn reasons and a planted health drop: the reasons endpoint
// must rank them in the planted order, and the drop detector must find the drop and explain it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AnyJson,
  createStaffUser,
  logInCookie,
  startTestApp,
  type TestApp,
} from '../../../test/helpers.ts';
import { type NewInteraction, recordInteractions } from '../customers/index.ts';
import { detectHealthDrops } from './detect-health-drops.ts';
import { registerHealthComponent } from './health/health-components.ts';
import { seededRandom } from './math/statistics.ts';
import { registerChurnReasonSource } from './reasons/churn-reason-sources.ts';
import { runScoring } from './run-scoring.ts';

let t: TestApp;
const DAY = 86_400_000;
// A fixed clock: status changes, windows and the drop detector all read the same "now".
const NOW = new Date('2026-06-01T12:00:00Z');
const today = NOW.toISOString().slice(0, 10);
const daysAgo = (d: number) => new Date(Date.parse(`${today}T12:00:00Z`) - d * DAY);
const planted = new Map<string, string>();
const ids: string[] = [];
let feedbackScore = 100;

beforeAll(async () => {
  t = await startTestApp({ clock: { now: () => NOW } });
  const rand = seededRandom(99);
  // 300 customers with purchases and contacts over 400 days; 120 of them churn, with a stated
  // reason (price for the big spenders, service for the middle, moving for the small) and, all of
  // them, many support tickets: the driver the classifier should find.
  const items: NewInteraction[] = [];
  for (let c = 0; c < 300; c++) {
    const ext = `gen-${c}`;
    const churner = c < 120;
    const reason = c < 60 ? 'Price too high' : c < 100 ? 'Poor service' : c < 120 ? 'Moved away' : null;
    const spend = c < 60 ? 50_000 : c < 100 ? 30_000 : c < 120 ? 10_000 : 20_000;
    for (let k = 0; k < 8; k++) {
      items.push({
        customer: { source: 'gen', externalId: ext },
        source: 'gen',
        sourceId: `${ext}-p${k}`,
        channel: 'web',
        kind: 'purchase',
        occurredAt: daysAgo(400 - k * 45 - Math.floor(rand() * 20)),
        amountMinor: spend / 8,
        currency: 'USD',
      });
    }
    const tickets = churner ? 6 + Math.floor(rand() * 4) : Math.floor(rand() * 2);
    for (let k = 0; k < tickets; k++) {
      items.push({
        customer: { source: 'gen', externalId: ext },
        source: 'gen',
        sourceId: `${ext}-t${k}`,
        channel: 'email',
        kind: 'ticket',
        direction: 'inbound',
        occurredAt: daysAgo(Math.floor(rand() * 170)),
      });
    }
    items.push({
      customer: { source: 'gen', externalId: ext },
      source: 'gen',
      sourceId: `${ext}-call`,
      channel: 'phone',
      kind: 'call',
      direction: 'outbound',
      occurredAt: daysAgo(5 + Math.floor(rand() * 100)),
    });
    if (reason) planted.set(ext, reason);
  }
  for (let i = 0; i < items.length; i += 1000) await recordInteractions(t.ctx, items.slice(i, i + 1000));
  const admin = await createStaffUser(t.ctx, 'admin');
  const cookie = await logInCookie(t, admin.staff.email, admin.password);
  for (let c = 0; c < 300; c++) {
    const found: AnyJson = await (await t.api(`/api/v1/customers?externalId=gen-${c}&idSource=gen`)).json();
    ids.push(found.data[0].id);
    if (c < 120) {
      const res = await t.api(`/api/v1/customers/${found.data[0].id}`, {
        method: 'PATCH',
        headers: { cookie },
        json: { status: 'churned' },
      });
      expect(res.status).toBe(200);
    }
  }
  const extOf = new Map(ids.map((id, c) => [id, `gen-${c}`]));
  // What the feedback module's exit survey will register; here planted by the test.
  registerChurnReasonSource({
    key: 'exit-survey',
    label: 'Exit survey',
    list: async (_ctx, customerIds) =>
      customerIds.flatMap((id) => {
        const reason = planted.get(extOf.get(id) ?? '');
        return reason ? [{ customerId: id, reason }] : [];
      }),
  });
  registerHealthComponent({
    key: 'feedback',
    label: 'Latest NPS',
    read: async (_ctx, customerIds) =>
      new Map(
        customerIds
          .filter((id) => id === ids[150])
          .map((id) => [id, { score: feedbackScore, detail: `NPS answer mapped to ${feedbackScore}` }]),
      ),
  });
});
afterAll(() => t?.close());

describe('why customers leave', () => {
  it('ranks the planted reasons by churned value, with the classifier’s driver among them', async () => {
    await runScoring(t.ctx, { through: today, trigger: 'test', settings: { paretoSampleSize: 0 } });
    const res = await t.api('/api/v1/insight/reasons?includeLapsed=false');
    expect(res.status).toBe(200);
    const body: AnyJson = await res.json();
    expect(body.churnedCustomers).toBe(120);
    const survey = body.reasons
      .filter((r: AnyJson) => r.sources['exit-survey'])
      .map((r: AnyJson) => r.reason);
    expect(survey).toEqual(['Price too high', 'Poor service', 'Moved away']);
    expect(body.reasons[0].reason).toBe('Price too high');
    const classifier = body.reasons.filter((r: AnyJson) => r.sources.classifier);
    expect(classifier[0].reason).toBe('Support tickets and complaints');
    const share = body.reasons.reduce((s: number, r: AnyJson) => s + r.valueShare, 0);
    expect(share).toBeCloseTo(1, 6);
    // Survival and cohorts from the same run: 120 of 300 churned today.
    const survival: AnyJson = await (await t.api('/api/v1/insight/survival?segmentBy=lifecycleStage')).json();
    const all = survival.segments[0];
    expect(all.curve.subjects).toBe(300);
    expect(all.curve.events).toBe(120);
    expect(all.curve.points.at(-1).survival).toBeLessThan(1);
    const byCohort: AnyJson = await (await t.api('/api/v1/insight/survival?segmentBy=cohort')).json();
    expect(byCohort.segments.reduce((n: number, c: AnyJson) => n + c.curve.subjects, 0)).toBe(300);
    const cohorts: AnyJson = await (await t.api('/api/v1/insight/cohorts')).json();
    expect(cohorts.matrix.cohorts.length).toBeGreaterThan(0);
    expect(cohorts.matrix.cohorts[0].retention[0]).toBe(1);
    expect(cohorts.churn.at(-1).churned).toBe(120);
    const models: AnyJson = await (await t.api('/api/v1/insight/models')).json();
    const churn = models.models.find((m: AnyJson) => m.kind === 'churn');
    expect(churn.params.outcome).toBe('status');
    expect(churn.diagnostics.effects[0].feature).toBe('tickets');
  });
});

describe('health history', () => {
  it('detects "fell N points in D days" and explains it by the component that moved', async () => {
    const weights = { feedback: 100, recency: 10, frequency: 10 };
    feedbackScore = 100;
    await runScoring(t.ctx, {
      through: new Date(NOW.getTime() - 10 * DAY).toISOString().slice(0, 10),
      trigger: 'test',
      settings: { paretoSampleSize: 0, healthWeights: weights },
    });
    feedbackScore = 0;
    await runScoring(t.ctx, {
      through: today,
      trigger: 'test',
      settings: { paretoSampleSize: 0, healthWeights: weights },
    });
    const drops = await detectHealthDrops(t.ctx, { points: 20, days: 30 });
    const mine = drops.find((d) => d.customerId === ids[150]);
    expect(mine?.drop).toBeGreaterThanOrEqual(60);
    expect(mine?.movedBy[0]?.key).toBe('feedback');
    const res: AnyJson = await (await t.api('/api/v1/insight/health-drops?points=20&days=30')).json();
    expect(res.data.map((d: AnyJson) => d.customerId)).toContain(ids[150]);
    const scores: AnyJson = await (await t.api(`/api/v1/insight/customers/${ids[150]}/scores`)).json();
    expect(scores.movedBy[0].key).toBe('feedback');
    expect(scores.history).toHaveLength(2);
    // A customer without the registered component: its weight is renormalised away.
    const other: AnyJson = await (await t.api(`/api/v1/insight/customers/${ids[200]}/scores`)).json();
    expect(other.components.map((c: AnyJson) => c.key)).not.toContain('feedback');
    expect(other.components.reduce((s: number, c: AnyJson) => s + c.weight, 0)).toBeCloseTo(1, 6);
  });
});

describe('customers who cancelled', () => {
  it('are not alive, are worth nothing more, and their falling health raises nothing', async () => {
    // Customer 0 churned (its status says so); the purchase model alone would think it alive.
    const gone: AnyJson = await (await t.api(`/api/v1/insight/customers/${ids[0]}/scores`)).json();
    expect(gone.pAlive).toBe(0);
    expect(gone.expectedPurchases).toBe(0);
    expect(gone.clv.minor).toBe(0);
    expect(gone.churnProbability).toBe(1);
    const staying: AnyJson = await (await t.api(`/api/v1/insight/customers/${ids[200]}/scores`)).json();
    expect(staying.pAlive).toBeGreaterThan(0);
    expect(staying.clv.minor).toBeGreaterThan(0);
    const drops = await detectHealthDrops(t.ctx, { points: 1, days: 30 });
    const churned = new Set(ids.slice(0, 120));
    expect(drops.filter((d) => churned.has(d.customerId))).toEqual([]);
  });
});

describe('access', () => {
  it('guards every insight route', async () => {
    const insight = t.app.routeTable.filter((r) => r.url.startsWith('/api/v1/insight'));
    expect(insight.length).toBeGreaterThanOrEqual(10);
    for (const r of insight) {
      expect('public' in r.access).toBe(false);
      const method = Array.isArray(r.method) ? (r.method[0] as string) : r.method;
      if (method === 'HEAD') continue;
      const res = await t.api(r.url.replace(':id', ids[0] as string), {
        method,
        headers: { authorization: '' },
      });
      expect(res.status).toBe(401);
    }
    const agent = await createStaffUser(t.ctx, 'agent');
    const cookie = await logInCookie(t, agent.staff.email, agent.password);
    expect((await t.api('/api/v1/insight/models', { headers: { cookie } })).status).toBe(403);
    expect((await t.api(`/api/v1/insight/customers/${ids[0]}/scores`, { headers: { cookie } })).status).toBe(
      200,
    );
    expect(
      (
        await t.api('/api/v1/insight/settings', {
          method: 'PUT',
          headers: { cookie },
          json: { clvMonths: 6 },
        })
      ).status,
    ).toBe(403);
    const put = await t.api('/api/v1/insight/settings', {
      method: 'PUT',
      json: { clvMonths: 6, healthWeights: { recency: 1 } },
    });
    expect(put.status).toBe(200);
    expect((await put.json()).clvMonths).toBe(6);
    expect((await t.api('/api/v1/insight/settings', { method: 'PUT', json: { clvMonths: 0 } })).status).toBe(
      400,
    );
    const queued = await t.api('/api/v1/insight/runs', { method: 'POST', json: { through: today } });
    expect(queued.status).toBe(202);
    expect((await queued.json()).jobId).toEqual(expect.any(String));
  });
});

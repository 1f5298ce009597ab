// The loop's contributions to insight: the "cases" health component (open case, severity, SLA
// breaches) and the root causes of cases that ended with the customer leaving.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AnyJson, startTestApp, type TestApp } from '../../../test/helpers.ts';
import { buildCustomerFacts } from './build-rule-facts.ts';
import { caseChurnReasonSource, listCaseChurnReasons } from './list-case-churn-reasons.ts';
import { raiseFlag } from './raise-flag.ts';
import { caseHealthComponent, readCaseHealth } from './read-case-health.ts';
import { resolveCase } from './resolve-case.ts';
import { sweepCases } from './sweep-cases.ts';
import { manualClock } from './testing/fixtures.ts';
import { addCustomer } from './testing/team-setup.ts';

const clock = manualClock('2026-11-17T10:00:00Z');
let t: TestApp;
let rules: AnyJson[];

beforeAll(async () => {
  t = await startTestApp({ clock });
  rules = (await (await t.api('/api/v1/rules')).json()).data;
});
afterAll(() => t?.close());

/** A customer with a case opened now by the given built-in rule (as the worker would raise it). */
async function openCase(name: string, key: string) {
  const customerId = await addCustomer(t, { name });
  const rule = rules.find((r) => r.key === key);
  const r = await raiseFlag(t.ctx, {
    customerId,
    rule: {
      id: rule.id,
      key,
      name: rule.name,
      severity: rule.severity,
      playbookId: rule.playbookId,
      notify: ['in-app'],
      cooldownDays: 0,
    },
    triggerKey: `test:${customerId}`,
    summary: rule.name,
    event: null,
    customer: await buildCustomerFacts(t.ctx, customerId),
  });
  return { customerId, caseId: r.caseId as string };
}

describe('loop → insight', () => {
  it('reads open cases by severity and SLA breaches, and root causes of churned cases', async () => {
    const critical = await openCase('Breached Critical', 'cancellation-intent');
    const churned = await openCase('Churned Chris', 'nps-detractor');
    const saved = await openCase('Saved Sam', 'nps-detractor');
    await resolveCase(
      t.ctx,
      churned.caseId,
      { outcome: 'churned', rootCauses: ['price', 'competitor'] },
      null,
    );
    await resolveCase(t.ctx, saved.caseId, { outcome: 'saved', rootCauses: ['service'] }, null);
    // A critical case must be contacted within an hour: two hours later the sweep records the breach.
    clock.set('2026-11-17T12:00:00Z');
    expect((await sweepCases(t.ctx)).slaEvents).toBeGreaterThanOrEqual(1);
    const fresh = await openCase('Fresh Lou', 'no-contact-90d');
    const never = await addCustomer(t, { name: 'Never Had One' });

    const ids = [critical.customerId, churned.customerId, saved.customerId, fresh.customerId, never];
    const readings = await readCaseHealth(t.ctx, ids);
    expect(readings.has(never)).toBe(false);
    const breached = readings.get(critical.customerId);
    expect(breached?.score).toBe(10); // critical 30, minus 20 for the missed first contact
    expect(breached?.detail).toMatch(
      /^Open critical-severity case ".+" since 2026-11-17; first-contact SLA breached$/,
    );
    expect(readings.get(fresh.customerId)).toEqual({
      score: 75,
      detail: expect.stringMatching(/^Open low-severity case ".+" since 2026-11-17$/),
    });
    expect(readings.get(churned.customerId)).toEqual({
      score: 100,
      detail: 'No open case; the last was resolved on 2026-11-17 (churned)',
    });
    expect(readings.get(saved.customerId)?.score).toBe(100);
    expect(caseHealthComponent).toMatchObject({ key: 'cases' });

    const reasons = await listCaseChurnReasons(t.ctx, ids);
    expect(reasons).toEqual([
      { customerId: churned.customerId, reason: 'Competitor offer' },
      { customerId: churned.customerId, reason: 'Price or value for money' },
    ]);
    expect(caseChurnReasonSource.key).toBe('case-root-causes');
    expect(await readCaseHealth(t.ctx, [])).toEqual(new Map());
    expect(await listCaseChurnReasons(t.ctx, [])).toEqual([]);
  });
});

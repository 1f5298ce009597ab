import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AnyJson, createStaffUser, startTestApp, type TestApp } from '../../../test/helpers.ts';
import { DAY_MS } from '../../kernel/clock.ts';
import { recordInteractions } from '../customers/index.ts';
import { buildCustomerFacts } from './build-rule-facts.ts';
import { raiseFlag } from './raise-flag.ts';
import { manualClock } from './testing/fixtures.ts';
import { addCustomer, addTeam } from './testing/team-setup.ts';

const clock = manualClock('2026-06-01T10:00:00Z');
let t: TestApp;
let rule: AnyJson;
let playbookId: string;
const always = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '00:00', end: '24:00' }));

beforeAll(async () => {
  t = await startTestApp({ clock });
  const a = await createStaffUser(t.ctx, 'agent');
  await addTeam(t, 'Desk', 'UTC', always, [a.staff.id], null);
  rule = (await (await t.api('/api/v1/rules')).json()).data.find((r: AnyJson) => r.key === 'nps-detractor');
  playbookId = rule.playbookId;
});
afterAll(() => t?.close());

/** A detractor's case for a new customer, raised as the worker would. */
async function openCase(): Promise<AnyJson> {
  const customerId = await addCustomer(t, {
    name: 'Detractor',
    emails: ['d@example.com'],
    phones: ['+15550100'],
  });
  const r = await raiseFlag(t.ctx, {
    customerId,
    rule: { ...rule, notify: ['in-app'], cooldownDays: 0 },
    triggerKey: `test:${customerId}`,
    summary: 'NPS 3',
    event: null,
    customer: await buildCustomerFacts(t.ctx, customerId),
  });
  return (await t.api(`/api/v1/cases/${r.caseId}`)).json();
}

describe('playbook holdouts', () => {
  it('change nothing until a manager opts in', async () => {
    const pb = await (await t.api(`/api/v1/loop/playbooks/${playbookId}`)).json();
    expect(pb.holdoutShare).toBe(0);
    const k = await openCase();
    expect(k).toMatchObject({ playbookId, playbookApplied: true, playbookArm: 'treated' });
    expect(k.tasks.map((x: AnyJson) => x.type)).toEqual(['call', 'email', 'gesture', 'survey', 'check-in']);
  });

  it('hold a share of cases out of the proactive steps, keep the case and its internal work, and report uplift', async () => {
    const patch = await t.api(`/api/v1/loop/playbooks/${playbookId}`, {
      method: 'PATCH',
      json: {
        holdoutShare: 0.5,
        steps: [
          { type: 'call', title: 'Call the customer', dueAfterHours: 24 },
          { type: 'task', title: 'Find out what went wrong', dueAfterHours: 48 },
        ],
      },
    });
    expect(patch.status).toBe(200);
    expect((await patch.json()).holdoutShare).toBe(0.5);
    const cases = [];
    for (let i = 0; i < 24; i++) cases.push(await openCase());
    const held = cases.filter((k) => k.playbookArm === 'held-out');
    const treated = cases.filter((k) => k.playbookArm === 'treated');
    expect(held.length).toBeGreaterThan(2);
    expect(treated.length).toBeGreaterThan(2);
    for (const k of held) {
      // The case is there, routed and timed like any other: reactive service is never withheld.
      expect(k).toMatchObject({ status: 'open', playbookId, playbookApplied: false });
      expect(k.assigneeId).not.toBeNull();
      expect(k.resolutionDueAt).not.toBeNull();
      // No first-contact deadline: its breach would escalate and someone would call after all.
      expect(k.firstContactDueAt).toBeNull();
      expect(k.tasks.map((x: AnyJson) => x.type)).toEqual(['task']);
      const event = k.history.find((h: AnyJson) => h.kind === 'playbook-held-out');
      expect(event.details).toMatchObject({
        arm: 'held-out',
        withheld: [{ type: 'call', title: 'Call the customer' }],
      });
    }
    for (const k of treated) {
      expect(k.tasks.map((x: AnyJson) => x.type)).toEqual(['call', 'task']);
      expect(k.firstContactDueAt).not.toBeNull();
    }

    // 100 days later, treated customers bought again and held-out ones did not.
    await recordInteractions(
      t.ctx,
      treated.map((k) => ({
        customer: { id: k.customerId },
        source: 'test',
        sourceId: `again-${k.id}`,
        channel: 'web' as const,
        kind: 'purchase',
        occurredAt: new Date(clock.now().getTime() + 70 * DAY_MS),
        amountMinor: 5000,
        currency: 'USD',
      })),
    );
    clock.set(new Date(clock.now().getTime() + 100 * DAY_MS).toISOString());
    const report = await (await t.api('/api/v1/loop/report')).json();
    const [u] = report.upliftByPlaybook;
    expect(u.program).toMatchObject({ id: playbookId, kind: 'playbook', holdoutShare: 0.5 });
    expect(u.arms.heldOut.customers).toBe(held.length);
    // The first customer met the playbook before it had a holdout: treated for certain, so not
    // part of the comparison.
    expect(u.arms.treated.customers).toBe(treated.length);
    const retention = u.metrics.find((m: AnyJson) => m.metric === 'retention' && m.days === 90);
    expect(retention.heldOut.value).toBe(0);
    expect(retention.treated.value).toBe(1);
    expect(retention.summary).toMatch(/^retention \(90 days\) \+\d+\.\d points, 95% interval/);
  });
});

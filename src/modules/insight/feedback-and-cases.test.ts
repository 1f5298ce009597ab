// Health and churn reasons with the feedback and loop modules registered (src/app.ts): a
// detractor answer and an open, breached case lower a customer's health and say so; survey
// themes and case root causes show up among the reasons customers leave.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AnyJson, startTestApp, type TestApp } from '../../../test/helpers.ts';
import { type NewInteraction, recordInteractions } from '../customers/index.ts';
import { submitResponse } from '../feedback/index.ts';
import { raiseFlag, sweepCases } from '../loop/index.ts';
import { getCustomerScores, rankChurnReasons, runScoring } from './index.ts';

const DAY = 86_400_000;
let now = new Date('2026-11-17T10:00:00Z');
let t: TestApp;
let surveyId: string;
let rules: AnyJson[];

beforeAll(async () => {
  t = await startTestApp({ clock: { now: () => new Date(now) } });
  const survey = await t.api('/api/v1/surveys', {
    method: 'POST',
    json: {
      name: 'Relationship NPS',
      title: 'How are we doing?',
      questions: [{ id: 'nps', type: 'nps', text: 'How likely are you to recommend us?' }],
    },
  });
  expect(survey.status).toBe(201);
  surveyId = (await survey.json()).id;
  rules = (await (await t.api('/api/v1/rules')).json()).data;
});
afterAll(() => t?.close());

/** A customer with the same purchases and calls as every other one here. */
async function customer(name: string): Promise<string> {
  const ext = name.toLowerCase().replace(/\W+/g, '-');
  const items: NewInteraction[] = [];
  for (let k = 0; k < 6; k++) {
    items.push({
      customer: { source: 'test', externalId: ext },
      source: 'test',
      sourceId: `${ext}-p${k}`,
      channel: 'web',
      kind: 'purchase',
      occurredAt: new Date(now.getTime() - (300 - 50 * k) * DAY),
      amountMinor: 5_000,
      currency: 'USD',
    });
  }
  const recorded = await recordInteractions(t.ctx, items);
  const outcome = recorded.outcomes[0];
  if (outcome?.status !== 'accepted') throw new Error('customer not recorded');
  return outcome.customerId;
}

const answerNps = (customerId: string, score: number, text?: string) =>
  submitResponse(t.ctx, {
    surveyId,
    customerId,
    channel: 'email',
    via: 'staff',
    answers: [{ questionId: 'nps', score, ...(text ? { text } : {}) }],
    respondedAt: new Date(now.getTime() - DAY),
    sourceKey: `${customerId}:nps`,
  });

/** Opens a case as the NPS-detractor rule would. */
async function openCase(customerId: string): Promise<string> {
  const rule = rules.find((r) => r.key === 'nps-detractor');
  const r = await raiseFlag(t.ctx, {
    customerId,
    rule: { ...rule, notify: [], cooldownDays: 0 },
    triggerKey: `test:${customerId}`,
    summary: rule.name,
    event: null,
    customer: {
      facts: {},
      ownerId: null,
      valueMinor: 0,
      valueCurrency: null,
      emails: [],
      phones: [],
      name: null,
    },
  });
  return r.caseId as string;
}

describe('registered health components and churn-reason sources', () => {
  it('a detractor with a breached open case is less healthy, and the explanation says why', async () => {
    const unhappy = await customer('Unhappy Una');
    const fine = await customer('Fine Fred');
    const gone = await customer('Gone Gina');
    await answerNps(unhappy, 2, 'Far too expensive for what it is');
    await answerNps(fine, 10);
    await answerNps(gone, 1, 'The price went up again');
    await openCase(unhappy);
    const goneCase = await openCase(gone);
    const resolved = await t.api(`/api/v1/cases/${goneCase}/resolve`, {
      method: 'POST',
      json: { outcome: 'churned', rootCauses: ['competitor'] },
    });
    expect(resolved.status).toBe(200);
    const patched = await t.api(`/api/v1/customers/${gone}`, {
      method: 'PATCH',
      json: { status: 'churned' },
    });
    expect(patched.status).toBe(200);
    // Two days on, the high-severity case has missed both its first-contact and resolution deadlines.
    now = new Date(now.getTime() + 2 * DAY);
    expect((await sweepCases(t.ctx)).slaEvents).toBeGreaterThanOrEqual(2);

    await runScoring(t.ctx, {
      through: now.toISOString().slice(0, 10),
      trigger: 'test',
      settings: { paretoSampleSize: 0 },
    });
    const a = await getCustomerScores(t.ctx, unhappy);
    const b = await getCustomerScores(t.ctx, fine);
    expect(a?.health).not.toBeNull();
    expect(b?.health).not.toBeNull();
    expect(a?.health as number).toBeLessThan(b?.health as number);
    const feedback = a?.components.find((c) => c.key === 'feedback');
    expect(feedback).toMatchObject({ score: 20, label: 'Survey answers (NPS, CSAT, CES)' });
    expect(feedback?.detail).toBe('Latest NPS 2 (detractor) on 2026-11-16');
    const cases = a?.components.find((c) => c.key === 'cases');
    expect(cases?.score).toBe(5); // high 45, minus 20 for each breach
    expect(cases?.detail).toMatch(/^Open high-severity case .+; first-contact and resolution SLAs breached$/);
    expect(b?.components.find((c) => c.key === 'feedback')?.score).toBe(100);
    // Fred never had a case: the component is absent and its weight goes to the others.
    expect(b?.components.map((c) => c.key)).not.toContain('cases');

    const ranking = await rankChurnReasons(t.ctx, { since: '2000-01-01', includeLapsed: false });
    expect(ranking.churnedCustomers).toBe(1);
    const sources = Object.fromEntries(ranking.reasons.map((r) => [r.reason, r.sources]));
    expect(sources.Price).toEqual({ 'feedback-themes': 1 });
    expect(sources['Competitor offer']).toEqual({ 'case-root-causes': 1 });
  });
});

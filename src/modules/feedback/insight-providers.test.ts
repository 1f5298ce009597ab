// The feedback module's contributions to insight: the "feedback" health component (latest NPS,
// CSAT and CES answers) and the themes of what churned customers told us.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/helpers.ts';
import { feedbackChurnReasonSource, listFeedbackChurnReasons } from './list-feedback-churn-reasons.ts';
import { feedbackHealthComponent, readFeedbackHealth } from './read-feedback-health.ts';
import { submitResponse } from './submit-response.ts';
import { createCustomerApi, createSurveyApi, npsSurvey } from './testing.ts';

let t: TestApp;
let nps: string;
let service: string;
beforeAll(async () => {
  t = await startTestApp();
  nps = (await createSurveyApi(t)).id;
  service = (
    await createSurveyApi(
      t,
      npsSurvey({
        name: 'After a visit',
        questions: [
          { id: 'csat', type: 'csat', text: 'How satisfied were you?' },
          { id: 'ces', type: 'ces', text: 'It was easy to get what I needed.' },
        ],
      }),
    )
  ).id;
});
afterAll(() => t?.close());

const answer = (
  surveyId: string,
  customerId: string,
  at: string,
  answers: { questionId: string; score?: number; text?: string }[],
) =>
  submitResponse(t.ctx, {
    surveyId,
    customerId,
    channel: 'email',
    via: 'staff',
    answers,
    respondedAt: new Date(at),
    sourceKey: `${customerId}:${at}`,
  });

describe('feedback → insight', () => {
  it('reads the latest score answers, the most recent weighing most', async () => {
    const detractor = await createCustomerApi(t, { name: 'Dana Detractor' });
    const happy = await createCustomerApi(t, { name: 'Hal Happy' });
    const silent = await createCustomerApi(t, { name: 'Sid Silent' });
    // Once a promoter, now a detractor: only the latest NPS counts.
    await answer(nps, detractor, '2026-01-10T09:00:00Z', [{ questionId: 'nps', score: 9 }]);
    await answer(nps, detractor, '2026-11-02T09:00:00Z', [{ questionId: 'nps', score: 3 }]);
    // NPS 10 half a year (180 days) before CSAT 4 and CES 7: it weighs half.
    await answer(nps, happy, '2026-04-04T09:00:00Z', [{ questionId: 'nps', score: 10 }]);
    await answer(service, happy, '2026-10-01T09:00:00Z', [
      { questionId: 'csat', score: 4 },
      { questionId: 'ces', score: 7 },
    ]);

    const readings = await readFeedbackHealth(t.ctx, [detractor, happy, silent]);
    expect(readings.get(detractor)).toEqual({
      score: 30,
      detail: 'Latest NPS 3 (detractor) on 2026-11-02',
    });
    const h = readings.get(happy);
    expect(h?.score).toBeCloseTo((75 + 100 + 0.5 * 100) / 2.5, 6);
    expect(h?.detail).toBe(
      'Latest CES 7 of 7 on 2026-10-01, CSAT 4 of 5 on 2026-10-01, NPS 10 (promoter) on 2026-04-04',
    );
    expect(readings.has(silent)).toBe(false);
    expect(feedbackHealthComponent.key).toBe('feedback');
    expect(await readFeedbackHealth(t.ctx, [])).toEqual(new Map());
  });

  it('lists the themes of unhappy answers and of answers given after churning', async () => {
    const unhappy = await createCustomerApi(t, { name: 'Una Unhappy' });
    const left = await createCustomerApi(t, { name: 'Leo Left', status: 'churned' });
    const fan = await createCustomerApi(t, { name: 'Fay Fan' });
    await answer(nps, unhappy, '2026-10-01T09:00:00Z', [
      { questionId: 'nps', score: 2, text: 'Far too expensive, and I was double charged' },
    ]);
    // A happy answer earlier on names no reason to leave.
    await answer(nps, unhappy, '2026-03-01T09:00:00Z', [
      { questionId: 'nps', score: 9, text: 'The staff were so helpful' },
    ]);
    await answer(nps, left, '2026-10-05T09:00:00Z', [
      { questionId: 'nps', score: 7, text: 'The parcel arrived late, again, terrible' },
    ]);
    await answer(nps, fan, '2026-10-05T09:00:00Z', [
      { questionId: 'nps', score: 10, text: 'Great price and friendly staff' },
    ]);
    const items = await listFeedbackChurnReasons(t.ctx, [unhappy, left, fan]);
    const byCustomer = (id: string) =>
      items
        .filter((i) => i.customerId === id)
        .map((i) => i.reason)
        .sort();
    expect(byCustomer(unhappy)).toEqual(['Billing', 'Price']);
    expect(byCustomer(left)).toEqual(['Delivery']);
    expect(byCustomer(fan)).toEqual([]);
    expect(feedbackChurnReasonSource.key).toBe('feedback-themes');
    expect(await listFeedbackChurnReasons(t.ctx, [])).toEqual([]);
  });
});

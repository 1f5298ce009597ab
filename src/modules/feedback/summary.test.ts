import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/helpers.ts';
import { submitResponse } from './submit-response.ts';
import { createCustomerApi, createSurveyApi, form, npsSurvey, personalLink } from './testing.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.close());

describe('the feedback summary', () => {
  it('gives NPS, CSAT and CES over time and by channel, survey and segment, with intervals and response rates', async () => {
    const nps = await createSurveyApi(t, npsSurvey({ name: 'NPS' }));
    const csat = await createSurveyApi(
      t,
      npsSurvey({ name: 'CSAT', questions: [{ id: 'sat', type: 'csat', text: 'Satisfied?' }] }),
    );
    const ces = await createSurveyApi(
      t,
      npsSurvey({ name: 'CES', questions: [{ id: 'easy', type: 'ces', text: 'Easy?' }] }),
    );
    const vip = await createCustomerApi(t, {
      name: 'VIP',
      lifecycleStage: 'vip',
      emails: ['vip@example.com'],
    });
    const regular = await createCustomerApi(t, { name: 'Regular' });
    const answer = (
      surveyId: string,
      qid: string,
      score: number,
      at: string,
      channel: 'phone' | 'mail' = 'phone',
      customerId = regular,
    ) =>
      submitResponse(t.ctx, {
        surveyId,
        customerId,
        channel,
        via: 'staff',
        answers: [{ questionId: qid, score }],
        respondedAt: new Date(at),
      });
    for (const s of [10, 10, 9, 9, 9, 8, 7, 6, 3, 0]) await answer(nps.id, 'nps', s, '2026-03-15T10:00:00Z');
    for (const s of [10, 2, 2, 8]) await answer(nps.id, 'nps', s, '2026-04-02T10:00:00Z', 'mail', vip);
    for (const s of [5, 4, 4, 3, 1]) await answer(csat.id, 'sat', s, '2026-03-20T10:00:00Z');
    for (const s of [7, 6, 5, 5, 2]) await answer(ces.id, 'easy', s, '2026-03-20T10:00:00Z');

    // Response rate of email links: 3 sent, 1 answered.
    const links = [
      await personalLink(t, nps.id, vip),
      await personalLink(t, nps.id, vip),
      await personalLink(t, nps.id, vip),
    ];
    await t.ctx.db
      .updateTable('survey_send')
      .set({ status: 'sent', sent_at: new Date('2026-03-15T09:00:00Z') })
      .where('survey_id', '=', nps.id)
      .execute();
    expect((await fetch(links[0]?.url as string, form([['nps', '9']]))).status).toBe(303);

    const res = await t.api(
      '/api/v1/feedback/summary?interval=month&from=2026-01-01T00:00:00Z&to=2026-05-01T00:00:00Z',
    );
    expect(res.status).toBe(200);
    const s = await res.json();
    expect(s.nps.overall).toMatchObject({
      n: 14,
      value: 7.1,
      promoters: 6,
      detractors: 5,
      smallSample: true,
    });
    expect(s.nps.overall.ci.low).toBeLessThan(7.1);
    expect(s.nps.overall.ci.high).toBeGreaterThan(7.1);
    expect(s.nps.series).toMatchObject([
      { period: '2026-03-01', n: 10, value: 20 },
      { period: '2026-04-01', n: 4, value: -25 },
    ]);
    expect(s.nps.distribution).toHaveLength(11);
    expect(s.nps.distribution[10]).toEqual({ score: 10, count: 3 });
    expect(s.nps.byChannel).toMatchObject([
      { key: 'phone', n: 10, value: 20 },
      { key: 'mail', n: 4, value: -25 },
    ]);
    expect(s.nps.bySegment).toMatchObject([
      { key: 'none', n: 10 },
      { key: 'vip', n: 4 },
    ]);
    expect(s.nps.bySurvey).toMatchObject([{ key: nps.id, label: 'NPS', n: 14 }]);
    expect(s.csat.overall).toMatchObject({ n: 5, value: 60, mean: 3.4 });
    expect(s.csat.overall.ci).toEqual({ low: 23.1, high: 88.2 });
    expect(s.ces.overall).toMatchObject({ n: 5, value: 5 });
    expect(s.responseRates).toEqual([
      { channel: 'email', sent: 3, answered: 1, rate: 33.3, ci: { low: 6.1, high: 79.2 } },
    ]);

    const weekly = await (
      await t.api(`/api/v1/feedback/summary?interval=week&surveyId=${nps.id}&segment=lifecycle:vip`)
    ).json();
    expect(weekly.nps.overall.n).toBe(5);
    expect(weekly.csat).toBeNull();
    expect(weekly.nps.series.map((p: { period: string }) => p.period)).toContain('2026-03-30');
  });
});

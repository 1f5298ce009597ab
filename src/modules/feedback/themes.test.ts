import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaffUser, logInCookie, startTestApp, type TestApp } from '../../../test/helpers.ts';
import { submitResponse } from './submit-response.ts';
import { createCustomerApi, createSurveyApi } from './testing.ts';

let t: TestApp;
let surveyId: string;
beforeAll(async () => {
  t = await startTestApp();
  surveyId = (await createSurveyApi(t)).id;
});
afterAll(() => t?.close());

// Planted: how often each theme comes up, and how often with a low score (NPS 2 vs 9).
const planted = [
  { theme: 'wait-time', phrase: 'I had to wait a long while at the counter', n: 60, low: 30 },
  { theme: 'price', phrase: 'the price is steep for what it is', n: 40, low: 4 },
  { theme: 'rude', phrase: 'the cashier was rude to me', n: 25, low: 24 },
  { theme: 'billing', phrase: 'my invoice had the wrong amount', n: 15, low: 12 },
  { theme: null, phrase: 'nothing special to report', n: 40, low: 8 },
];

async function plant(at: Date) {
  for (const p of planted) {
    for (let i = 0; i < p.n; i++) {
      await submitResponse(t.ctx, {
        surveyId,
        customerId: null,
        channel: 'web',
        via: 'web-form',
        answers: [{ questionId: 'nps', score: i < p.low ? 2 : 9, text: `${p.phrase} (#${i})` }],
        respondedAt: at,
      });
    }
  }
}

describe('themes', () => {
  it('ranks the themes of a generated data set in the order they were planted, by count and by low scores', async () => {
    await plant(new Date('2026-03-10T12:00:00Z'));
    const res = await t.api(
      `/api/v1/feedback/themes?surveyId=${surveyId}&from=2026-03-01T00:00:00Z&to=2026-04-01T00:00:00Z`,
    );
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ responses: 180, withThemes: 140, scored: 180, lowScores: 78 });
    expect(body.data.map((d: { theme: string }) => d.theme)).toEqual([
      'wait-time',
      'price',
      'rude',
      'billing',
    ]);
    expect(body.data.map((d: { count: number }) => d.count)).toEqual([60, 40, 25, 15]);
    const byLow = await (await t.api(`/api/v1/feedback/themes?surveyId=${surveyId}&sort=low-score`)).json();
    expect(byLow.data.map((d: { theme: string }) => d.theme)).toEqual([
      'rude',
      'billing',
      'wait-time',
      'price',
    ]);
    const rude = byLow.data[0];
    expect(rude).toMatchObject({
      label: 'Rude or unfriendly',
      lowScores: 24,
      lowScoreRate: 0.96,
      countRank: 3,
      lowScoreRank: 1,
    });
    expect(rude.lowScoreRateCi.low).toBeGreaterThan(0.79);
    expect(rude.lift).toBeGreaterThan(2);
    expect(rude.avgSentiment).toBeLessThan(0);
    const empty = await (
      await t.api(`/api/v1/feedback/themes?surveyId=${surveyId}&from=2027-01-01T00:00:00Z`)
    ).json();
    expect(empty).toMatchObject({ responses: 0, data: [] });
  });

  it('lets admins extend the lexicon and staff correct themes, keeping every correction', async () => {
    const put = await t.api('/api/v1/feedback/lexicon/parking', {
      method: 'PUT',
      json: { label: 'Parking', patterns: ['parking', 'car park*'] },
    });
    expect(put.status).toBe(200);
    const customer = await createCustomerApi(t, { name: 'Driver', lifecycleStage: 'vip' });
    const r = await submitResponse(t.ctx, {
      surveyId,
      customerId: customer,
      channel: 'in-person',
      via: 'staff',
      answers: [{ questionId: 'nps', score: 4, text: 'The car parks were full and it was expensive' }],
    });
    const agent = await createStaffUser(t.ctx, 'agent');
    const cookie = await logInCookie(t, agent.staff.email, agent.password);
    const fix = await t.api(`/api/v1/feedback/responses/${r.responseId}/themes`, {
      method: 'POST',
      headers: { cookie },
      json: { add: ['wait-time'], remove: ['price'] },
    });
    expect(await fix.json()).toEqual({ themes: ['parking', 'wait-time'], autoThemes: ['parking', 'price'] });
    const kept = await t.ctx.db
      .selectFrom('survey_response_theme_correction')
      .selectAll()
      .where('response_id', '=', r.responseId)
      .execute();
    expect(kept.map((k) => `${k.action}:${k.theme}:${k.staff_id === agent.staff.id}`).sort()).toEqual([
      'add:wait-time:true',
      'remove:price:true',
    ]);
    // Results use the corrected themes; a segment narrows them to the VIP's answer.
    const vip = await (await t.api('/api/v1/feedback/themes?segment=lifecycle:vip')).json();
    expect(vip.data.map((d: { theme: string }) => d.theme).sort()).toEqual(['parking', 'wait-time']);
    const bad = await t.api('/api/v1/feedback/lexicon/Bad Slug', {
      method: 'PUT',
      json: { label: 'x', patterns: ['yy'] },
    });
    expect(bad.status).toBe(400);
    const lexicon = await (await t.api('/api/v1/feedback/lexicon')).json();
    expect(lexicon.data.find((d: { slug: string }) => d.slug === 'parking')).toMatchObject({
      builtin: false,
      active: true,
    });
  });
});

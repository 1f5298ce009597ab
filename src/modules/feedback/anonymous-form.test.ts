import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AnyJson, startTestApp, type TestApp } from '../../../test/helpers.ts';
import { manualClock } from '../loop/testing/fixtures.ts';
import { submitResponse } from './submit-response.ts';
import { createCustomerApi, createSurveyApi, npsSurvey } from './testing.ts';

const clock = manualClock('2026-11-17T10:00:00Z');
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ clock });
});
afterAll(() => t?.close());

/** A form post from a given loopback address (127.0.0.0/8 is all local on Linux). */
function postFrom(from: string, path: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const u = new URL(t.url + path);
    const req = http.request(
      {
        host: u.hostname,
        port: u.port,
        path,
        method: 'POST',
        localAddress: from,
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const nps = async (surveyId: string) =>
  (await (await t.api(`/api/v1/feedback/summary?surveyId=${surveyId}`)).json()).nps as AnyJson;

describe('the anonymous form', () => {
  it('630 anonymous answers from 21 addresses cannot move the survey NPS', async () => {
    const survey = await createSurveyApi(t, npsSurvey({ anonymousForm: true }));
    for (const score of [10, 10, 10, 10, 10, 10, 8, 8, 3, 3]) {
      const customerId = await createCustomerApi(t, { name: `Customer ${score}` });
      await submitResponse(t.ctx, {
        surveyId: survey.id,
        customerId,
        channel: 'email',
        via: 'link',
        answers: [{ questionId: 'nps', score }],
      });
    }
    expect((await nps(survey.id)).overall).toMatchObject({ n: 10, value: 40 });

    const page = await (await fetch(`${t.url}/f/${survey.id}`)).text();
    const token = /name="formToken" value="([^"]+)"/.exec(page)?.[1] ?? '';
    expect(token).not.toBe('');
    const body = (tok: string) => `nps=0&nps.text=terrible&formToken=${encodeURIComponent(tok)}`;
    // Posted at once: a script, not a person reading the question.
    expect(await postFrom('127.0.0.1', `/f/${survey.id}`, body(token))).toBe(400);
    expect(await postFrom('127.0.0.1', `/f/${survey.id}`, 'nps=0')).toBe(400);
    expect(await postFrom('127.0.0.1', `/f/${survey.id}`, body(`${token}x`))).toBe(400);
    clock.set('2026-11-17T10:00:05Z');

    const statuses = new Map<number, number>();
    for (let a = 1; a <= 21; a++) {
      for (let i = 0; i < 30; i++) {
        const s = await postFrom(`127.0.0.${a + 10}`, `/f/${survey.id}`, body(token));
        statuses.set(s, (statuses.get(s) ?? 0) + 1);
      }
    }
    // Five per address per hour (the default) went in; the rest were refused.
    expect(Object.fromEntries(statuses)).toEqual({ 200: 105, 429: 525 });
    const after = await nps(survey.id);
    expect(after.overall).toMatchObject({ n: 10, value: 40 });
    expect(after.anonymous).toMatchObject({ n: 105, excluded: 105, detractors: 105 });

    // A fresh address gets in, up to the survey's own day limit.
    await t.api(`/api/v1/surveys/${survey.id}`, { method: 'PATCH', json: { anonymousPerDay: 106 } });
    clock.set('2026-11-17T11:00:06Z');
    expect(await postFrom('127.0.0.40', `/f/${survey.id}`, body(token))).toBe(200);
    expect(await postFrom('127.0.0.41', `/f/${survey.id}`, body(token))).toBe(429);
  });

  it('counts anonymous answers in the score only when the survey says so', async () => {
    const survey = await createSurveyApi(t, npsSurvey({ anonymousForm: true, anonymousInScores: true }));
    const res = await fetch(`${t.url}/w/${survey.id}/survey`);
    const { formToken } = (await res.json()) as AnyJson;
    clock.set('2026-11-17T12:00:00Z');
    const post = await fetch(`${t.url}/f/${survey.id}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ formToken, answers: [{ questionId: 'nps', score: 10 }] }),
    });
    expect(post.status).toBe(200);
    const s = await nps(survey.id);
    expect(s.overall).toMatchObject({ n: 1, value: 100 });
    expect(s.anonymous).toMatchObject({ n: 1, excluded: 0 });
    const noToken = await fetch(`${t.url}/f/${survey.id}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ answers: [{ questionId: 'nps', score: 10 }] }),
    });
    expect(noToken.status).toBe(400);
  });
});

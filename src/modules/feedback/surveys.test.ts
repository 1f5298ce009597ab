import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaffUser, logInCookie, startTestApp, type TestApp } from '../../../test/helpers.ts';
import { settleResponse } from './settle-response.ts';
import { createCustomerApi, createSurveyApi, form, npsSurvey, personalLink } from './testing.ts';

let t: TestApp;
let agentCookie: string;
let agentId: string;
beforeAll(async () => {
  t = await startTestApp();
  const agent = await createStaffUser(t.ctx, 'agent');
  agentId = agent.staff.id;
  agentCookie = await logInCookie(t, agent.staff.email, agent.password);
});
afterAll(() => t?.close());

describe('surveys', () => {
  it('creates, lists, updates with versions, and archives; editing never corrupts earlier answers', async () => {
    const created = await createSurveyApi(t);
    expect(created).toMatchObject({
      version: 1,
      status: 'live',
      questions: [{ id: 'nps' }, { id: 'topic' }],
    });
    const customer = await createCustomerApi(t, { name: 'Versioned' });
    const oldLink = await personalLink(t, created.id, customer);
    const first = await personalLink(t, created.id, customer);
    expect(
      (
        await fetch(
          first.url,
          form([
            ['nps', '8'],
            ['topic', 'product'],
          ]),
        )
      ).status,
    ).toBe(303);

    // A settings-only change keeps the version; a question change makes a new one.
    const renamed = await (
      await t.api(`/api/v1/surveys/${created.id}`, { method: 'PATCH', json: { name: 'Renamed' } })
    ).json();
    expect(renamed).toMatchObject({ name: 'Renamed', version: 1 });
    const v2 = await (
      await t.api(`/api/v1/surveys/${created.id}`, {
        method: 'PATCH',
        json: { questions: [{ id: 'csat', type: 'csat', text: 'How satisfied are you?' }] },
      })
    ).json();
    expect(v2).toMatchObject({ version: 2, questions: [{ id: 'csat' }] });
    const v1 = await (await t.api(`/api/v1/surveys/${created.id}?version=1`)).json();
    expect(v1.questions.map((q: { id: string }) => q.id)).toEqual(['nps', 'topic']);

    // The answer given on version 1 still reads as version 1.
    const responses = await (await t.api(`/api/v1/surveys/${created.id}/responses`)).json();
    expect(responses.data[0]).toMatchObject({ surveyVersion: 1, type: 'nps', score: 8 });
    // A link sent before the edit still shows (and accepts) the version it was sent with.
    const html = await (await fetch(oldLink.url)).text();
    expect(html).toContain('How likely are you to recommend us');
    expect((await fetch(oldLink.url, form([['nps', '10']]))).status).toBe(303);
    // New links show version 2.
    const newLink = await personalLink(t, created.id, customer);
    expect(await (await fetch(newLink.url)).text()).toContain('How satisfied are you?');

    const list = await (await t.api('/api/v1/surveys?status=live')).json();
    expect(list.data.map((s: { id: string }) => s.id)).toContain(created.id);
    const archived = await (await t.api(`/api/v1/surveys/${created.id}/archive`, { method: 'POST' })).json();
    expect(archived.status).toBe('archived');
    const edit = await t.api(`/api/v1/surveys/${created.id}`, { method: 'PATCH', json: { name: 'x' } });
    expect(edit.status).toBe(409);
    const send = await t.api(`/api/v1/surveys/${created.id}/sends`, {
      method: 'POST',
      json: { customerIds: [customer] },
    });
    expect(send.status).toBe(409);
  });

  it('refuses malformed surveys with reasons', async () => {
    const bad = await t.api('/api/v1/surveys', {
      method: 'POST',
      json: npsSurvey({
        questions: [
          { id: 'a', type: 'single', text: 'Pick' },
          { id: 'a', type: 'nps', text: 'Again', followUps: [{ min: 0, max: 11, text: 'x' }] },
        ],
      }),
    });
    expect(bad.status).toBe(400);
    const msg = (await bad.json()).error.message;
    expect(msg).toMatch(/needs options/);
    expect(msg).toMatch(/band must lie within 0–10/);
    expect(msg).toMatch(/question ids must be unique/);
  });

  it('lets agents enter phone and comment-card answers (once per card) but not manage surveys', async () => {
    const survey = await createSurveyApi(
      t,
      npsSurvey({ name: 'Cards', incentive: { points: 10, code: 'THANKS10' } }),
    );
    const customer = await createCustomerApi(t, { name: 'Card Writer' });
    const denied = await t.api('/api/v1/surveys', {
      method: 'POST',
      headers: { cookie: agentCookie },
      json: npsSurvey(),
    });
    expect(denied.status).toBe(403);
    const entry = {
      customerId: customer,
      channel: 'phone',
      answers: [{ questionId: 'nps', score: 2, text: 'The invoice was wrong and the staff was rude' }],
      sourceKey: 'call-4711',
    };
    const res = await t.api(`/api/v1/surveys/${survey.id}/responses`, {
      method: 'POST',
      headers: { cookie: agentCookie },
      json: entry,
    });
    expect(res.status).toBe(201);
    const r = await res.json();
    expect(r).toMatchObject({ channel: 'phone', via: 'staff', staffId: agentId, score: 2 });
    expect(r.themes).toEqual(expect.arrayContaining(['billing', 'rude']));
    expect(r.sentiment).toBeLessThan(0);
    const again = await t.api(`/api/v1/surveys/${survey.id}/responses`, {
      method: 'POST',
      headers: { cookie: agentCookie },
      json: entry,
    });
    expect(again.status).toBe(200);
    expect((await again.json()).id).toBe(r.id);

    const timeline = await (
      await t.api(`/api/v1/customers/${customer}/timeline?kind=survey-response`)
    ).json();
    expect(timeline.data).toHaveLength(1);
    expect(timeline.data[0]).toMatchObject({
      channel: 'phone',
      staffId: agentId,
      properties: { type: 'nps', score: 2, via: 'staff' },
    });
    const account = await (await t.api(`/api/v1/loyalty/customers/${customer}`)).json();
    expect(account.entries).toMatchObject([{ points: 10, code: 'THANKS10' }]);
  });

  it('grants the incentive exactly once when the same answer is posted twice, even at the same moment', async () => {
    const survey = await createSurveyApi(t, npsSurvey({ name: 'Incentive', incentive: { points: 25 } }));
    const customer = await createCustomerApi(t, { name: 'Double Clicker' });
    const link = await personalLink(t, survey.id, customer);
    const posts = await Promise.all([1, 2, 3].map(() => fetch(link.url, form([['nps', '9']]))));
    expect(posts.map((p) => p.status).sort()).toEqual([303, 409, 409]);
    expect((await fetch(link.url, form([['nps', '9']]))).status).toBe(409);
    const responseId = (await (await t.api(`/api/v1/surveys/${survey.id}/responses`)).json()).data[0].id;
    // The settle job enqueued with the answer runs later and finds nothing left to do.
    await t.ctx.db
      .updateTable('survey_response')
      .set({ settled_at: null })
      .where('id', '=', responseId)
      .execute();
    expect(await settleResponse(t.ctx, responseId)).toEqual({ settled: true });
    const account = await (await t.api(`/api/v1/loyalty/customers/${customer}`)).json();
    expect(account).toMatchObject({ balance: 25, entries: [{ key: `survey-response:${responseId}` }] });
    const timeline = await (await t.api(`/api/v1/customers/${customer}/timeline`)).json();
    const kinds = timeline.data.map((d: { kind: string }) => d.kind).sort();
    expect(kinds).toEqual(['reward-granted', 'survey-response']);
  });

  it('exports responses as CSV with comments as text and formulas defused', async () => {
    const survey = await createSurveyApi(t, npsSurvey({ name: 'Export' }));
    const customer = await createCustomerApi(t, { name: 'Exporter' });
    await t.api(`/api/v1/surveys/${survey.id}/responses`, {
      method: 'POST',
      json: {
        customerId: customer,
        channel: 'mail',
        answers: [{ questionId: 'nps', score: 5, text: '=HYPERLINK("http://evil","x"), <b>bold</b>' }],
      },
    });
    const res = await t.api(`/api/v1/surveys/${survey.id}/responses.csv`);
    expect(res.headers.get('content-type')).toContain('text/csv');
    const csv = await res.text();
    const [header, row] = csv.trim().split('\r\n');
    expect(header).toBe(
      'response_id,responded_at,customer_id,channel,via,survey_version,type,score,comment,sentiment,themes,q:nps,q:nps:text,q:topic,q:topic:text',
    );
    expect(row).toContain(`"'=HYPERLINK(""http://evil"",""x""), <b>bold</b>"`);
  });
});

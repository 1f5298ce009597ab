import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/helpers.ts';
import { startSmtpServer, type TestSmtp } from '../../../test/smtp.ts';
import { fireTrigger, fireTriggerJob, type TriggerFiring } from './fire-trigger.ts';
import { createSurveyApi, eventually, npsSurvey } from './testing.ts';

let t: TestApp;
let smtp: TestSmtp;
beforeAll(async () => {
  smtp = await startSmtpServer();
  t = await startTestApp({ config: { smtpUrl: smtp.url } });
  t.ctx.config.publicUrl = t.url;
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

const HOUR = 3_600_000;
const ingest = async (events: object[]) => {
  const res = await t.api('/api/v1/events', { method: 'POST', json: { events } });
  expect(res.status).toBe(200);
  return res.json();
};
const firings = async (triggerId: string) =>
  (
    await sql<{ data: TriggerFiring; start_after: Date }>`select data, start_after from pgboss.job
      where name = 'feedback.fire-trigger' and data->>'triggerId' = ${triggerId} order by created_on`.execute(
      t.ctx.db,
    )
  ).rows;
const trigger = async (surveyId: string, body: object) => {
  const res = await t.api(`/api/v1/surveys/${surveyId}/triggers`, { method: 'POST', json: body });
  expect(res.status).toBe(201);
  return (await res.json()).id as string;
};

describe('survey triggers', () => {
  it('enqueue one durable firing per new interaction, inside the ingest transaction, D hours after it', async () => {
    const survey = await createSurveyApi(t, npsSurvey({ name: 'After a ticket' }));
    const id = await trigger(survey.id, {
      interactionKind: 'ticket-closed',
      delayHours: 24,
      condition: { channels: ['phone', 'chat'] },
    });
    const occurredAt = new Date(Date.now() - HOUR);
    const event = {
      externalId: 'T-1',
      sourceId: 'ticket-1',
      channel: 'phone',
      kind: 'ticket-closed',
      occurredAt: occurredAt.toISOString(),
    };
    await ingest([
      event,
      { ...event, sourceId: 'ticket-2', channel: 'email' },
      { ...event, sourceId: 'visit-1', kind: 'visit' },
    ]);
    // A retried batch is a duplicate on the timeline, so it fires nothing more.
    await ingest([event]);
    // Back-filled history (a year old) fires nothing either.
    await ingest([
      { ...event, sourceId: 'ticket-old', occurredAt: new Date(Date.now() - 365 * 24 * HOUR).toISOString() },
    ]);
    const jobs = await firings(id);
    expect(jobs).toHaveLength(1);
    expect(jobs[0]?.data).toMatchObject({ triggerId: id, source: 'api', sourceId: 'ticket-1' });
    expect(jobs[0]?.start_after.getTime()).toBe(occurredAt.getTime() + 24 * HOUR);
  });

  it('keep the contact budget when many firings for one customer run at the same time', async () => {
    const a = await createSurveyApi(t, npsSurvey({ name: 'Purchase NPS' }));
    const b = await createSurveyApi(t, npsSurvey({ name: 'Purchase CSAT' }));
    const t1 = await trigger(a.id, { interactionKind: 'purchase', delayHours: 0 });
    const t2 = await trigger(b.id, {
      interactionKind: 'purchase',
      delayHours: 0,
      condition: { minAmountMinor: 1000 },
    });
    const at = new Date(Date.now() - 2 * HOUR).toISOString();
    const traits = { name: 'Busy Buyer', emails: ['busy@example.com'] };
    await ingest(
      Array.from({ length: 8 }, (_, i) => ({
        externalId: 'BUY-1',
        traits,
        sourceId: `order-${i}`,
        channel: 'web',
        kind: 'purchase',
        occurredAt: at,
        amount: { minor: i % 2 ? 5000 : 500, currency: 'EUR' },
      })),
    );
    const jobs = [...(await firings(t1)), ...(await firings(t2))];
    expect(jobs).toHaveLength(8 + 4);
    const before = smtp.messages.length;
    // As if twelve workers picked them up at once (and one job ran twice).
    const results = await Promise.all(
      [...jobs, jobs[0]].map((j) => fireTrigger(t.ctx, (j as { data: TriggerFiring }).data)),
    );
    const once = results.slice(0, 12);
    expect(once.filter((r) => r.status === 'sent')).toHaveLength(1);
    const skipped = once.filter((r) => r.status === 'skipped');
    expect(skipped).toHaveLength(11);
    expect(new Set(skipped.map((r) => ('reason' in r ? r.reason : '')))).toEqual(
      new Set(['surveyed today (at most 1 survey every 30 days)']),
    );
    // The job that ran twice found its own send and changed nothing.
    expect(results[12]?.status).toBe(results[0]?.status);
    await smtp.received(before + 1);
    expect(smtp.messages.length).toBe(before + 1);
    const sends = await sql<{
      n: number;
    }>`select count(*)::int as n from survey_send where trigger_id in (${t1}, ${t2})`.execute(t.ctx.db);
    expect(sends.rows[0]?.n).toBe(12);
  });

  it('run as pg-boss jobs: a purchase is followed by a real email, and pausing a trigger stops it', async () => {
    const survey = await createSurveyApi(
      t,
      npsSurvey({ name: 'Visit follow-up', emailSubject: 'How was your visit?' }),
    );
    const id = await trigger(survey.id, {
      interactionKind: 'store-visit',
      delayHours: 0,
      condition: { statuses: ['active'] },
    });
    const paused = await trigger(survey.id, { interactionKind: 'store-visit', delayHours: 0 });
    await t.api(`/api/v1/surveys/${survey.id}/triggers/${paused}`, {
      method: 'PATCH',
      json: { active: false },
    });
    const before = smtp.messages.length;
    await ingest([
      {
        externalId: 'V-1',
        traits: { name: 'Visitor', emails: ['visitor@example.com'] },
        sourceId: 'visit-77',
        channel: 'in-person',
        kind: 'store-visit',
        occurredAt: new Date().toISOString(),
      },
    ]);
    await t.ctx.queue.work(t.ctx, [fireTriggerJob]);
    const [mail] = (await smtp.received(before + 1)).slice(before);
    expect(mail?.subject).toBe('How was your visit?');
    const sends = await eventually(async () => {
      const r = await (await t.api(`/api/v1/surveys/${survey.id}/sends?status=sent`)).json();
      return r.data.length ? r.data : undefined;
    });
    expect(sends).toMatchObject([{ triggerId: id, channel: 'email', status: 'sent' }]);
    const triggers = await (await t.api(`/api/v1/surveys/${survey.id}/triggers`)).json();
    expect(triggers.data.map((x: { active: boolean }) => x.active).sort()).toEqual([false, true]);
  });
});

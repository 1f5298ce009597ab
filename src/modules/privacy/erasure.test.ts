import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AnyJson,
  createStaffUser,
  logInCookie,
  startTestApp,
  type TestApp,
} from '../../../test/helpers.ts';
import { jobs } from '../../app.ts';
import { submitResponse } from '../feedback/index.ts';
import { createSurveyApi, eventually, form, npsSurvey, personalLink } from '../feedback/testing.ts';
import { startReceiver } from '../loop/testing/fixtures.ts';
import { grantReward } from '../loyalty/index.ts';
import { reserveContact } from '../outreach/index.ts';
import { applyRetention } from './index.ts';

// One distinctive value per field that can hold personal data; none may survive erasure anywhere.
const V = {
  name: 'Zephyrine Quillfeather',
  email: 'zephyrine.q@quillmail.example',
  phone: '+44 7700 900461',
  street: 'Quillfeather Lane 77',
  city: 'Zorbtownshire',
  custom: 'zq-loyalty-card-99173',
  externalId: 'ext-zq-55821',
  subject: 'zq subject mango-3391',
  body: 'zq body kiwi-7712',
  property: 'zq prop papaya-2281',
  sourceId: 'zq-src-1183',
  comment: 'zq the blender exploded-5521',
  staffComment: 'zq entered by phone-6604',
  sourceKey: 'zq-card-4410',
  anonComment: 'zq anon guava-9034',
  caseComment: 'zq comment on case plum-6620',
  snooze: 'zq snooze reason fig-1150',
  promise: 'zq promise lychee-2290',
  ledgerReason: 'zq ledger quince-8830',
  voucher: 'ZQ-VOUCHER-3371',
  ledgerKey: 'zq-key-7781',
  contactRef: 'zq-ref-5590',
  prefNote: 'zq pref note damson-4471',
  opportunity: 'zq wants the gold plan nectarine-4417',
  opportunityProduct: 'zq-product-8815',
  opportunityNote: 'zq stage note apricot-3306',
};
const values = Object.values(V);

let t: TestApp;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let manager: string;
let managerId: string;
beforeAll(async () => {
  t = await startTestApp({ config: { webhookAllowPrivate: ['127.0.0.1'] } });
  receiver = await startReceiver();
  await t.ctx.queue.work(t.ctx, jobs);
  const m = await createStaffUser(t.ctx, 'manager');
  managerId = m.staff.id;
  manager = await logInCookie(t, m.staff.email, m.password);
});
afterAll(async () => {
  await t?.close();
  await receiver?.close();
});

const ok = async (res: Response, what: string): Promise<AnyJson> => {
  if (res.status >= 300) throw new Error(`${what}: ${res.status} ${await res.text()}`);
  return res.status === 204 ? null : res.json();
};

/** Every text, character, array and JSON column of every table in every schema of the database. */
async function scanDatabase(needles: string[]): Promise<string[]> {
  const cols = await sql<{ schema: string; table: string; column: string }>`
    select c.table_schema as schema, c.table_name as table, c.column_name as column
    from information_schema.columns c
    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
    where c.table_schema not in ('pg_catalog', 'information_schema') and t.table_type = 'BASE TABLE'
      and (c.data_type in ('text', 'character varying', 'character', 'json', 'jsonb', 'ARRAY', 'USER-DEFINED'))`.execute(
    t.ctx.db,
  );
  const patterns = needles.map((n) => `%${n.toLowerCase()}%`);
  const hits: string[] = [];
  for (const c of cols.rows) {
    const r = await sql<{ n: string }>`
      select count(*) n from ${sql.table(`${c.schema}.${c.table}`)}
      where lower(${sql.ref(c.column)}::text) like any(${patterns}::text[])`.execute(t.ctx.db);
    if (Number(r.rows[0]?.n)) hits.push(`${c.schema}.${c.table}.${c.column}`);
  }
  expect(cols.rows.length).toBeGreaterThan(100);
  return hits;
}

describe('personal data export and erasure', () => {
  let customerId: string;
  let otherId: string;

  it('exports everything held about a customer, from every module', async () => {
    const created = await ok(
      await t.api('/api/v1/customers', {
        method: 'POST',
        json: {
          name: V.name,
          emails: [V.email],
          phones: [V.phone],
          address: { line1: V.street, city: V.city },
          customFields: { card: V.custom },
          identities: [{ source: 'shop', externalId: V.externalId }],
        },
      }),
      'customer',
    );
    customerId = created.id;
    otherId = (
      await ok(
        await t.api('/api/v1/customers', { method: 'POST', json: { name: 'Other Person' } }),
        'other customer',
      )
    ).id;
    await ok(
      await t.api('/api/v1/webhooks', { method: 'POST', json: { url: receiver.url, format: 'slack' } }),
      'webhook',
    );
    await ok(
      await t.api('/api/v1/events', {
        method: 'POST',
        json: {
          events: [
            {
              externalId: V.externalId,
              idSource: 'shop',
              source: 'shop',
              sourceId: V.sourceId,
              channel: 'web',
              kind: 'purchase',
              occurredAt: '2026-11-01T10:00:00Z',
              amountMinor: 4200,
              currency: 'EUR',
              subject: V.subject,
              body: V.body,
              properties: { note: V.property, items: 3 },
            },
          ],
        },
      }),
      'ingest',
    );
    // A detractor answer through the personal link: the timeline, a case, a notice, a webhook.
    const survey = await createSurveyApi(t, npsSurvey({ incentive: { points: 50, description: 'thanks' } }));
    const link = await personalLink(t, survey.id, customerId);
    expect(
      (
        await fetch(
          link.url,
          form([
            ['nps', '2'],
            ['nps.text', V.comment],
          ]),
        )
      ).status,
    ).toBeLessThan(400);
    await ok(
      await t.api(`/api/v1/surveys/${survey.id}/responses`, {
        method: 'POST',
        json: {
          customerId,
          channel: 'phone',
          sourceKey: V.sourceKey,
          answers: [{ questionId: 'nps', score: 3, text: V.staffComment }],
        },
      }),
      'staff entry',
    );
    await submitResponse(t.ctx, {
      surveyId: survey.id,
      customerId: null,
      channel: 'web',
      via: 'web-form',
      answers: [{ questionId: 'nps', score: 1, text: V.anonComment }],
      respondent: { name: V.name, email: V.email },
    });
    const kase = await eventually(async () =>
      t.ctx.db.selectFrom('loop_case').select('id').where('customer_id', '=', customerId).executeTakeFirst(),
    );
    await ok(
      await t.api(`/api/v1/cases/${kase.id}/comments`, { method: 'POST', json: { body: V.caseComment } }),
      'comment',
    );
    await ok(
      await t.api(`/api/v1/cases/${kase.id}/snooze`, {
        method: 'POST',
        json: { until: '2099-01-01T00:00:00Z', reason: V.snooze },
      }),
      'snooze',
    );
    await ok(
      await t.api('/api/v1/promises', {
        method: 'POST',
        json: {
          id: randomUUID(),
          customerId,
          title: V.promise,
          dueAt: '2026-12-01T10:00:00Z',
          assigneeId: managerId,
        },
      }),
      'promise',
    );
    const opportunity = await ok(
      await t.api('/api/v1/people/opportunities', {
        method: 'POST',
        json: {
          customerId,
          caseId: kase.id,
          interest: V.opportunity,
          product: V.opportunityProduct,
          valueMinor: 9900,
          currency: 'EUR',
          repId: managerId,
        },
      }),
      'opportunity',
    );
    await ok(
      await t.api(`/api/v1/people/opportunities/${opportunity.id}/stage`, {
        method: 'POST',
        json: { stage: 'qualified', note: V.opportunityNote },
      }),
      'opportunity stage',
    );
    await grantReward(t.ctx, {
      customerId,
      key: V.ledgerKey,
      points: 120,
      code: V.voucher,
      reason: V.ledgerReason,
      source: 'test',
      properties: { note: V.ledgerReason },
    });
    await reserveContact(t.ctx, {
      customerId,
      purpose: 'check-in',
      channel: 'phone',
      reference: V.contactRef,
    });
    await ok(
      await t.api(`/api/v1/outreach/customers/${customerId}/preferences`, {
        method: 'PUT',
        json: { purpose: 'survey', channel: 'sms', allowed: false, note: V.prefNote },
      }),
      'preference',
    );
    // Another customer's case that mentions this one by name and email.
    await ok(
      await t.api('/api/v1/events', {
        method: 'POST',
        json: {
          events: [
            {
              customerId: otherId,
              source: 'test',
              sourceId: 'other-1',
              channel: 'email',
              kind: 'complaint',
              occurredAt: t.ctx.clock.now().toISOString(),
            },
          ],
        },
      }),
      'other complaint',
    );
    const otherCase = await eventually(async () =>
      t.ctx.db.selectFrom('loop_case').select('id').where('customer_id', '=', otherId).executeTakeFirst(),
    );
    await ok(
      await t.api(`/api/v1/cases/${otherCase.id}/comments`, {
        method: 'POST',
        json: { body: `Same issue as ${V.name} (${V.email}) last week` },
      }),
      'other comment',
    );
    // The webhook about the case has gone out with the customer's name in it.
    await eventually(async () => receiver.received.some((h) => h.body.includes('Zephyrine')));

    const res = await t.api(`/api/v1/customers/${customerId}/export`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain(`customer-${customerId}.json`);
    const text = await res.text();
    const missing = values.filter((v) => !text.toLowerCase().includes(v.toLowerCase()));
    expect(missing).toEqual([]);
    const data = JSON.parse(text);
    expect(Object.keys(data)).toEqual(
      expect.arrayContaining(['customers', 'feedback', 'loop', 'insight', 'loyalty', 'outreach', 'staff']),
    );
    expect(data.feedback.anonymousResponses).toHaveLength(1);
    expect(
      (await t.api(`/api/v1/customers/${customerId}/export`, { headers: { cookie: manager } })).status,
    ).toBe(403);
  });

  it('erases every piece of personal data in every table, keeping counts and amounts', async () => {
    const before = await sql<{
      n: string;
      amount: string;
      points: string;
      contacts: string;
      answers: string;
    }>`
      select (select count(*) from interaction where customer_id = ${customerId}) n,
             (select sum(amount_minor) from interaction where customer_id = ${customerId}) amount,
             (select sum(points) from loyalty_ledger where customer_id = ${customerId}) points,
             (select count(*) from contact_log where customer_id = ${customerId}) contacts,
             (select string_agg(score::text, ',' order by score) from survey_response) answers`.execute(
      t.ctx.db,
    );
    // Before: 30 columns in 13 tables hold them (pgboss.job among them: jobs carry copies).
    expect((await scanDatabase(values)).length).toBeGreaterThan(20);

    const del = (headers: Record<string, string>, json: unknown) =>
      t.api(`/api/v1/customers/${customerId}`, { method: 'DELETE', json, headers });
    expect((await del({ cookie: manager }, { reason: 'GDPR request 42' })).status).toBe(403);
    expect((await del({}, {})).status).toBe(400);
    const erased = await ok(await del({}, { reason: 'GDPR request 42' }), 'erase');
    expect(erased.counts.interactions).toBeGreaterThanOrEqual(3);
    expect(erased.counts).toMatchObject({
      identities: 1,

      responses: 2,
      anonymousResponses: 1,
    });

    expect(await scanDatabase(values)).toEqual([]);

    const after = await sql<typeof before extends { rows: (infer R)[] } ? R : never>`
      select (select count(*) from interaction where customer_id = ${customerId}) n,
             (select sum(amount_minor) from interaction where customer_id = ${customerId}) amount,
             (select sum(points) from loyalty_ledger where customer_id = ${customerId}) points,
             (select count(*) from contact_log where customer_id = ${customerId}) contacts,
             (select string_agg(score::text, ',' order by score) from survey_response) answers`.execute(
      t.ctx.db,
    );
    expect(after.rows).toEqual(before.rows);
    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .selectAll()
      .where('customer_id', '=', customerId)
      .where('action', '=', 'customer.erase')
      .executeTakeFirstOrThrow();
    expect(audit.details).toMatchObject({ reason: 'GDPR request 42' });
    const other = await ok(await t.api(`/api/v1/customers/${otherId}`), 'other');
    expect(other.name).toBe('Other Person');
    const c = await ok(await t.api(`/api/v1/customers/${customerId}`), 'erased 360');
    expect(c).toMatchObject({ name: null, emails: [], phones: [] });
  });

  it('keeps the timeline append-only for everything but the erasure itself', async () => {
    const attempt = (q: ReturnType<typeof sql>) =>
      t.ctx.db.transaction().execute(async (trx) => {
        await sql`select set_config('tenure.erasing_customer', ${otherId}, true)`.execute(trx);
        await q.execute(trx);
      });
    await expect(
      sql`update interaction set subject = 'x' where customer_id = ${customerId}`.execute(t.ctx.db),
    ).rejects.toThrow(/append-only/);
    // The bypass covers only the named customer, only the personal columns, and never deletes.
    await expect(
      attempt(sql`update interaction set subject = 'x' where customer_id = ${customerId}`),
    ).rejects.toThrow(/append-only/);
    await expect(
      attempt(sql`update interaction set amount_minor = 1 where customer_id = ${otherId}`),
    ).rejects.toThrow(/append-only/);
    await expect(attempt(sql`delete from interaction where customer_id = ${otherId}`)).rejects.toThrow(
      /append-only/,
    );
  });
});

describe('retention', () => {
  it('deletes old anonymous answers and clears old audit detail, as the admin set', async () => {
    expect(
      (
        await t.api('/api/v1/privacy/settings', {
          method: 'PUT',
          json: { auditDetailDays: 30 },
          headers: { cookie: manager },
        })
      ).status,
    ).toBe(403);
    const set = await ok(
      await t.api('/api/v1/privacy/settings', {
        method: 'PUT',
        json: { anonymousAnswersDays: 90, auditDetailDays: 30 },
      }),
      'settings',
    );
    expect(set).toMatchObject({ anonymousAnswersDays: 90, auditDetailDays: 30 });
    const survey = await createSurveyApi(t);
    const now = t.ctx.clock.now().getTime();
    const answer = (days: number) =>
      submitResponse(t.ctx, {
        surveyId: survey.id,
        customerId: null,
        channel: 'web',
        via: 'web-form',
        answers: [{ questionId: 'nps', score: 9, text: `retention ${days}` }],
        respondedAt: new Date(now - days * 86_400_000),
      });
    const old = await answer(120);
    const recent = await answer(10);
    const oldAudit = await t.ctx.db
      .insertInto('audit_log')
      .values({
        actor_kind: 'system',
        action: 'test.old',
        details: JSON.stringify({ q: 'old detail' }),
        ip: '203.0.113.9',
        at: new Date(now - 40 * 86_400_000),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const r = await applyRetention(t.ctx);
    expect(r.anonymousAnswersDeleted).toBe(1);
    expect(r.auditEntriesCleared).toBeGreaterThanOrEqual(1);
    const ids = (await t.ctx.db.selectFrom('survey_response').select('id').execute()).map((x) => x.id);
    expect(ids).not.toContain(old.responseId);
    expect(ids).toContain(recent.responseId);
    const a = await t.ctx.db
      .selectFrom('audit_log')
      .select(['details', 'ip', 'action'])
      .where('id', '=', oldAudit.id)
      .executeTakeFirstOrThrow();
    expect(a).toEqual({ details: {}, ip: null, action: 'test.old' });
  });
});

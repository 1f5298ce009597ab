import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../../test/helpers.ts';
import { createCustomerApi } from '../../feedback/testing.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ clock: { now: () => new Date('2030-03-04T10:00:00Z') } });
});
afterAll(async () => {
  await t?.close();
});

type AnyJson = any;
const preview = async (conditions: unknown[], match = 'all') => {
  const res = await t.api('/api/v1/segments/preview', {
    method: 'POST',
    json: { definition: { match, conditions } },
  });
  return { status: res.status, body: (await res.json()) as AnyJson };
};

describe('consent fields in segments', () => {
  it('selects customers by a consent cell, unrecorded cells reading unknown', async () => {
    const ann = await createCustomerApi(t, { name: 'Ann', emails: ['ann@cf.example'] });
    const bob = await createCustomerApi(t, { name: 'Bob', emails: ['bob@cf.example'] });
    const cy = await createCustomerApi(t, { name: 'Cy', emails: ['cy@cf.example'] });
    const put = (id: string, cells: unknown[]) =>
      t.api(`/api/v1/outreach/customers/${id}/consent`, {
        method: 'PUT',
        json: { cells, source: 'told a rep' },
      });
    expect((await put(ann, [{ channel: 'phone', purpose: 'service', state: 'refused' }])).status).toBe(200);
    expect((await put(bob, [{ channel: 'email', purpose: 'marketing', state: 'granted' }])).status).toBe(200);

    const fields = (await (await t.api('/api/v1/segments/fields')).json()).data as AnyJson[];
    const phone = fields.find((f) => f.key === 'consentPhoneService');
    expect(phone).toMatchObject({
      group: 'consent',
      type: 'enum',
      values: ['granted', 'refused', 'unknown'],
    });
    expect(fields.filter((f) => f.group === 'consent')).toHaveLength(15);

    const ids = (b: AnyJson) => b.sample.map((s: AnyJson) => s.id).sort();
    const refused = await preview([{ field: 'consentPhoneService', op: 'is', value: 'refused' }]);
    expect(refused.body.count).toBe(1);
    expect(ids(refused.body)).toEqual([ann]);
    const notRefused = await preview([
      { field: 'email', op: 'contains', value: '@cf.example' },
      { field: 'consentPhoneService', op: 'isNot', value: 'refused' },
    ]);
    expect(ids(notRefused.body)).toEqual([bob, cy].sort());
    const unknown = await preview([
      { field: 'email', op: 'contains', value: '@cf.example' },
      { field: 'consentEmailMarketing', op: 'in', value: ['unknown'] },
    ]);
    expect(ids(unknown.body)).toEqual([ann, cy].sort());
    expect((await preview([{ field: 'consentInAppSurvey', op: 'is', value: 'granted' }])).body.count).toBe(0);
  });

  it('refuses a consent condition that does not compile, naming what is allowed', async () => {
    const badState = await preview([{ field: 'consentPhoneService', op: 'is', value: 'no' }]);
    expect(badState.status).toBe(400);
    expect(badState.body.error.message).toMatch(/consentPhoneService is one of granted, refused, unknown/);
    const badOp = await preview([{ field: 'consentPhoneService', op: 'gt', value: 'refused' }]);
    expect(badOp.status).toBe(400);
    expect(badOp.body.error.message).toMatch(/Allowed: is, isNot, in, notIn/);
    const typo = await preview([{ field: 'consentPhonService', op: 'is', value: 'refused' }]);
    expect(typo.body.error.message).toMatch(/Did you mean "consentPhoneService"/);
  });
});

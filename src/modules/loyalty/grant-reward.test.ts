import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/helpers.ts';
import { grantReward } from './grant-reward.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.close());

describe('grantReward', () => {
  it('grants once per key, however often and however concurrently it is called, and shows on the timeline', async () => {
    const c = (await (await t.api('/api/v1/customers', { method: 'POST', json: { name: 'Loyal' } })).json())
      .id;
    const grant = () =>
      grantReward(t.ctx, {
        customerId: c,
        key: 'survey-response:1',
        points: 50,
        reason: 'Thanks',
        source: 'feedback',
      });
    const results = await Promise.all([grant(), grant(), grant()]);
    expect(results.filter((r) => r.granted)).toHaveLength(1);
    expect((await grant()).granted).toBe(false);
    await grantReward(t.ctx, {
      customerId: c,
      key: 'other',
      code: 'THANKS10',
      reason: 'A code',
      source: 'feedback',
    });
    const account = await (await t.api(`/api/v1/loyalty/customers/${c}`)).json();
    expect(account.balance).toBe(50);
    expect(account.entries).toHaveLength(2);
    const timeline = await (await t.api(`/api/v1/customers/${c}/timeline?kind=reward-granted`)).json();
    expect(timeline.data).toHaveLength(2);
    expect(timeline.data.map((d: { properties: { key: string } }) => d.properties.key).sort()).toEqual([
      'other',
      'survey-response:1',
    ]);
  });

  it('refuses a reward with neither points nor a code', async () => {
    const c = (await (await t.api('/api/v1/customers', { method: 'POST', json: { name: 'Empty' } })).json())
      .id;
    await expect(
      grantReward(t.ctx, { customerId: c, key: 'k', reason: 'nothing', source: 'x' }),
    ).rejects.toThrow(/points or a code/);
  });
});

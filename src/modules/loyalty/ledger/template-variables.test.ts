import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../../test/helpers.ts';
import { getCustomer } from '../../customers/index.ts';
import { composeCampaignMail } from '../../outreach/campaigns/compose-mail.ts';
import { grantReward } from '../grant-reward.ts';

let t: TestApp;
beforeAll(async () => {
  // grantReward dates entries by the database's clock, so this test keeps the real one.
  t = await startTestApp();
});
afterAll(() => t?.close());

const footer = { preferencesUrl: 'https://t.example/p/x', unsubscribeUrl: 'https://t.example/u/x' };

it("renders the customer's available and pending points in a campaign email", async () => {
  const res = await t.api('/api/v1/customers', { method: 'POST', json: { name: 'Ada Points' } });
  const id = (await res.json()).id as string;
  await grantReward(t.ctx, {
    customerId: id,
    key: 'survey:1',
    points: 120,
    reason: 'Survey',
    source: 'feedback',
  });
  await grantReward(t.ctx, {
    customerId: id,
    key: 'survey:2',
    points: 30,
    reason: 'Survey',
    source: 'feedback',
    pendingDays: 14,
  });
  const mail = await composeCampaignMail(
    t.ctx,
    {
      subject: 'Hi {{ customer.firstName }}',
      body: 'You have {{ points.available }} points ({{ points.pending }} pending).',
    },
    await getCustomer(t.ctx, id),
    footer,
  );
  expect(mail.subject).toBe('Hi Ada');
  expect(mail.text).toContain('You have 120 points (30 pending).');
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/helpers.ts';
import { refreshStatuses } from './refresh-statuses.ts';

let t: TestApp;
const now = new Date('2026-11-01T12:00:00Z');
beforeAll(async () => {
  t = await startTestApp({ clock: { now: () => now } });
});
afterAll(() => t?.close());

const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000).toISOString();

describe('refreshStatuses', () => {
  it('lapses quiet customers, revives returning ones, writes each change once, and dry-runs', async () => {
    await t.api('/api/v1/events', {
      method: 'POST',
      json: {
        events: [
          { externalId: 'quiet', sourceId: 'q1', channel: 'web', kind: 'purchase', occurredAt: daysAgo(400) },
          { externalId: 'busy', sourceId: 'b1', channel: 'web', kind: 'purchase', occurredAt: daysAgo(400) },
          {
            externalId: 'busy',
            sourceId: 'b2',
            channel: 'phone',
            kind: 'call',
            direction: 'inbound',
            occurredAt: daysAgo(10),
          },
          // Our own win-back email is not the customer coming back.
          {
            externalId: 'quiet',
            sourceId: 'q-mail',
            channel: 'email',
            kind: 'email',
            direction: 'outbound',
            occurredAt: daysAgo(5),
          },
        ],
      },
    });
    const dry = await refreshStatuses(t.ctx, { lapseDays: 180, dryRun: true });
    expect(dry).toEqual({ toLapsed: 1, toActive: 0, dryRun: true });
    const statusOf = async (ext: string) =>
      (await (await t.api(`/api/v1/customers?externalId=${ext}`)).json()).data[0].status;
    expect(await statusOf('quiet')).toBe('active');

    expect(await refreshStatuses(t.ctx, { lapseDays: 180 })).toEqual({
      toLapsed: 1,
      toActive: 0,
      dryRun: false,
    });
    expect(await statusOf('quiet')).toBe('lapsed');
    expect(await statusOf('busy')).toBe('active');
    expect(await refreshStatuses(t.ctx, { lapseDays: 180 })).toEqual({
      toLapsed: 0,
      toActive: 0,
      dryRun: false,
    });

    await t.api('/api/v1/events', {
      method: 'POST',
      json: {
        events: [
          { externalId: 'quiet', sourceId: 'q2', channel: 'web', kind: 'purchase', occurredAt: daysAgo(1) },
        ],
      },
    });
    expect(await refreshStatuses(t.ctx, { lapseDays: 180 })).toMatchObject({ toLapsed: 0, toActive: 1 });
    expect(await statusOf('quiet')).toBe('active');
    const quietId = (await (await t.api('/api/v1/customers?externalId=quiet')).json()).data[0].id;
    const changes = await (await t.api(`/api/v1/customers/${quietId}/timeline?kind=status-change`)).json();
    expect(changes.data.map((d: { subject: string }) => d.subject)).toEqual([
      'Status lapsed → active',
      'Status active → lapsed',
    ]);
  });
});

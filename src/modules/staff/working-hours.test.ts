import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaffUser, logInCookie, startTestApp, type TestApp } from '../../../test/helpers.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.close());

const json = async (res: Response) => {
  if (!res.ok) throw new Error(`${res.status} ${await res.text()}`);
  return res.json() as Promise<Record<string, unknown>>;
};
const hoursAt = async (at: string) =>
  (await json(await t.api(`/api/v1/staff/hours?at=${encodeURIComponent(at)}`))).data as {
    staffId: string;
    timeZone: string;
    follows: string;
    onShift: boolean;
    nextOnShiftAt: string | null;
    intervals: unknown[];
  }[];
const weekdays = (start: string, end: string) => [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start, end }));

describe('working hours', () => {
  it("sets a person's hours and time zone together, and says who is on shift at a moment", async () => {
    const { staff: tokyo } = await createStaffUser(t.ctx, 'agent');
    const { staff: member } = await createStaffUser(t.ctx, 'agent');
    const { staff: free } = await createStaffUser(t.ctx, 'agent');
    const team = await json(
      await t.api('/api/v1/teams', {
        method: 'POST',
        json: { name: 'Support EU', timeZone: 'Europe/Paris' },
      }),
    );
    await json(
      await t.api(`/api/v1/teams/${team.id}/coverage`, {
        method: 'PUT',
        json: { intervals: weekdays('09:00', '17:00') },
      }),
    );
    await json(
      await t.api(`/api/v1/teams/${team.id}/members`, {
        method: 'PUT',
        json: { members: [{ staffId: member.id }] },
      }),
    );
    const saved = await json(
      await t.api(`/api/v1/staff/${tokyo.id}/hours`, {
        method: 'PUT',
        json: { timeZone: 'Asia/Tokyo', intervals: weekdays('09:00', '18:00') },
      }),
    );
    expect(saved).toMatchObject({
      staffId: tokyo.id,
      timeZone: 'Asia/Tokyo',
      follows: 'own',
      intervals: weekdays('09:00', '18:00'),
    });
    const staffList = (await json(await t.api('/api/v1/staff'))).data as { id: string; timeZone: string }[];
    expect(staffList.find((s) => s.id === tokyo.id)?.timeZone).toBe('Asia/Tokyo');

    // Wednesday 2026-03-11 01:00 UTC is 10:00 in Tokyo and 02:00 in Paris.
    const night = await hoursAt('2026-03-11T01:00:00Z');
    const of = (id: string) => night.find((h) => h.staffId === id);
    expect(of(tokyo.id)).toMatchObject({ onShift: true, nextOnShiftAt: '2026-03-11T01:00:00.000Z' });
    expect(of(member.id)).toMatchObject({
      follows: 'team',
      intervals: [],
      onShift: false,
      // The team opens at 09:00 Paris time (UTC+1 in March before the change).
      nextOnShiftAt: '2026-03-11T08:00:00.000Z',
    });
    expect(of(free.id)).toMatchObject({ follows: 'always', onShift: true });
  });

  it('refuses an unknown time zone, overlapping hours and callers who may not manage teams', async () => {
    const { staff } = await createStaffUser(t.ctx, 'agent');
    const badZone = await t.api(`/api/v1/staff/${staff.id}/hours`, {
      method: 'PUT',
      json: { timeZone: 'Mars/Olympus', intervals: [] },
    });
    expect(badZone.status).toBe(400);
    const overlap = await t.api(`/api/v1/staff/${staff.id}/hours`, {
      method: 'PUT',
      json: {
        timeZone: 'Europe/Berlin',
        intervals: [
          { weekday: 1, start: '09:00', end: '13:00' },
          { weekday: 1, start: '12:00', end: '17:00' },
        ],
      },
    });
    expect(overlap.status).toBe(400);
    // Neither attempt changed the time zone.
    const [after] = (await hoursAt('2026-03-11T01:00:00Z')).filter((h) => h.staffId === staff.id);
    expect(after?.timeZone).toBe('UTC');

    const agent = await createStaffUser(t.ctx, 'agent');
    const cookie = await logInCookie(t, agent.staff.email, agent.password);
    const denied = await t.api(`/api/v1/staff/${staff.id}/hours`, {
      method: 'PUT',
      json: { intervals: [] },
      headers: { cookie },
    });
    expect(denied.status).toBe(403);
    expect((await t.api('/api/v1/staff/hours', { headers: { cookie } })).status).toBe(200);
  });
});

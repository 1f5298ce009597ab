import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AnyJson, createStaffUser, startTestApp, type TestApp } from '../../../test/helpers.ts';
import { startSmtpServer, type TestSmtp } from '../../../test/smtp.ts';
import { manualClock } from '../loop/testing/fixtures.ts';
import { deliverPulseInvitation } from './pulses/deliver-pulse-invitation.ts';
import { openDueRounds } from './pulses/open-due-rounds.ts';

const clock = manualClock('2026-03-02T09:00:00Z');
let t: TestApp;
let smtp: TestSmtp;
const teams: Record<'a' | 'b' | 'c', { id: string; emails: string[] }> = {} as never;
const staffIds: string[] = [];

const json = async (res: Response, status = 200): Promise<AnyJson> => {
  const body = await res.text();
  expect(res.status, body).toBe(status);
  return body ? JSON.parse(body) : null;
};
const later = (ms: number) => new Date(clock.now().getTime() + ms).toISOString();

async function team(name: string, size: number) {
  const created = await json(await t.api('/api/v1/teams', { method: 'POST', json: { name } }), 201);
  const members = [];
  for (let i = 0; i < size; i++) members.push((await createStaffUser(t.ctx, 'agent')).staff);
  staffIds.push(...members.map((m) => m.id));
  await json(
    await t.api(`/api/v1/teams/${created.id}/members`, {
      method: 'PUT',
      json: { members: members.map((m) => ({ staffId: m.id })) },
    }),
  );
  return { id: created.id as string, emails: members.map((m) => m.email) };
}

beforeAll(async () => {
  smtp = await startSmtpServer();
  t = await startTestApp({ clock, config: { smtpUrl: smtp.url, mailFrom: 'HR <hr@acme.example>' } });
  teams.a = await team('Alpha', 5);
  teams.b = await team('Bravo', 5);
  teams.c = await team('Charlie', 4);
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

const pulseBody = (teamIds: string[], extra: object = {}) => ({
  name: 'Monthly pulse',
  title: 'How is it going?',
  questions: [
    { id: 'workload', type: 'csat', text: 'How satisfied are you with your workload?' },
    { id: 'comment', type: 'text', text: 'Anything else?' },
  ],
  teamIds,
  schedule: { firstRoundAt: later(3_600_000), repeatEveryDays: 30, roundOpenDays: 7 },
  ...extra,
});

/** Creates a pulse, lets its first round fall due, mails every invitation; the links by address. */
async function openPulse(teamIds: string[]) {
  const pulse = await json(
    await t.api('/api/v1/people/pulses', { method: 'POST', json: pulseBody(teamIds) }),
    201,
  );
  clock.set(later(3_600_000));
  expect(await openDueRounds(t.ctx)).toBe(1);
  expect(await openDueRounds(t.ctx)).toBe(0);
  const invitations = await t.ctx.db
    .selectFrom('people_pulse_invitation as i')
    .innerJoin('people_pulse_round as r', 'r.id', 'i.round_id')
    .select(['i.id', 'r.id as roundId'])
    .where('r.pulse_id', '=', pulse.id)
    .execute();
  const before = smtp.messages.length;
  for (const i of invitations)
    expect(await deliverPulseInvitation(t.ctx, { invitationId: i.id })).toEqual({ status: 'sent' });
  const mails = await smtp.received(before + invitations.length);
  const links = new Map<string, string>();
  for (const m of mails.slice(before)) {
    const to = Array.isArray(m.to) ? '' : (m.to?.text ?? '');
    links.set(to, (m.text?.match(/\/pulse\/[\w.-]+/) as RegExpMatchArray)[0]);
  }
  return { pulseId: pulse.id as string, roundId: invitations[0]?.roundId as string, links };
}

const post = (path: string, form: Record<string, string>) =>
  fetch(t.url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
    body: new URLSearchParams(form),
  });
const answer = (link: string, enps: number, workload: number, comment = '') =>
  post(link, { enps: String(enps), workload: String(workload), 'comment.text': comment });

async function close(pulseId: string, roundId: string) {
  expect(
    (await t.api(`/api/v1/people/pulses/${pulseId}/rounds/${roundId}/close`, { method: 'POST' })).status,
  ).toBe(204);
}
const results = async (pulseId: string, query = '') =>
  json(await t.api(`/api/v1/people/pulses/${pulseId}/results${query}`));
const csv = async (pulseId: string, query = '') => {
  const res = await t.api(`/api/v1/people/pulses/${pulseId}/results.csv${query}`);
  expect(res.status).toBe(200);
  return res.text();
};

describe('pulses', () => {
  it('refuses a first round in the past with a 400 that says so', async () => {
    const res = await t.api('/api/v1/people/pulses', {
      method: 'POST',
      json: pulseBody([], { schedule: { firstRoundAt: later(-86_400_000) } }),
    });
    const body = await json(res, 400);
    expect(body.error.message).toMatch(/in the past/);
  });

  it('shows nothing for a team of 4 answers: not by the API, its filters, the CSV or the trend', async () => {
    const { pulseId, roundId, links } = await openPulse([teams.c.id]);
    let i = 0;
    for (const email of teams.c.emails) {
      const res = await answer(links.get(email) as string, 9 + (i % 2), 4, 'too much waiting');
      expect(res.status).toBe(200);
      i += 1;
    }
    // Before the round closes, nothing at all.
    expect((await results(pulseId)).rounds[0]).toMatchObject({
      closed: false,
      answered: 4,
      total: null,
      teams: [],
    });
    await close(pulseId, roundId);
    const all = await results(pulseId);
    const round = all.rounds[0];
    expect(round.total).toMatchObject({ shown: false, n: null, enps: null, themes: [] });
    expect(round.teams).toHaveLength(1);
    expect(round.teams[0]).toMatchObject({
      teamId: teams.c.id,
      shown: false,
      n: null,
      enps: null,
      themes: [],
    });
    for (const q of [
      `?teamId=${teams.c.id}`,
      `?roundId=${roundId}`,
      '?questionId=workload',
      `?teamId=${teams.c.id}&questionId=workload&roundId=${roundId}`,
    ]) {
      const r = (await results(pulseId, q)).rounds[0];
      for (const g of [r.total, ...r.teams].filter(Boolean)) {
        expect(g.shown).toBe(false);
        expect(g.enps).toBeNull();
        expect(g.questions.every((x: AnyJson) => x.average === null && x.n === null)).toBe(true);
      }
      const text = await csv(pulseId, q);
      expect(text).not.toMatch(/,\d+,[\d.-]+,/);
      expect(text).toMatch(/hidden: fewer than 5 answers/);
    }
    const trend = await json(await t.api(`/api/v1/people/pulses/${pulseId}/trend`));
    expect(trend.teams[0].points[0]).toMatchObject({ enps: null, enpsShown: false });
  });

  it('shows a team of 5: eNPS, averages, themes, in the API, its filters and the CSV', async () => {
    const { pulseId, roundId, links } = await openPulse([teams.a.id]);
    const scores = [10, 9, 8, 6, 3];
    let i = 0;
    for (const email of teams.a.emails) {
      expect(
        (
          await answer(
            links.get(email) as string,
            scores[i] as number,
            3 + (i % 2),
            i < 2 ? 'we wait for tools' : '',
          )
        ).status,
      ).toBe(200);
      i += 1;
    }
    await close(pulseId, roundId);
    const round = (await results(pulseId)).rounds[0];
    // 2 promoters, 2 detractors of 5: eNPS 0. Workload 3,4,3,4,3 → 3.4.
    expect(round.total).toMatchObject({ shown: true, n: 5, enps: 0 });
    expect(round.total.questions).toEqual([
      {
        id: 'enps',
        text: 'How likely are you to recommend working here to a friend?',
        type: 'nps',
        shown: true,
        n: 5,
        average: 7.2,
      },
      {
        id: 'workload',
        text: 'How satisfied are you with your workload?',
        type: 'csat',
        shown: true,
        n: 5,
        average: 3.4,
      },
    ]);
    expect(round.total.themes).toEqual([{ slug: 'wait-time', count: 2 }]);
    expect(round.teams[0]).toMatchObject({
      teamId: teams.a.id,
      teamName: 'Alpha',
      shown: true,
      n: 5,
      enps: 0,
    });
    const filtered = (await results(pulseId, `?teamId=${teams.a.id}&questionId=workload`)).rounds[0];
    expect(filtered.total).toBeNull();
    expect(filtered.teams[0]).toMatchObject({ shown: true, n: 5, enps: 0 });
    const text = await csv(pulseId);
    expect(text).toContain('1,');
    expect(text).toMatch(/Alpha,enps,5,0,/);
    expect(text).toMatch(/Alpha,question:workload,5,3.4,/);
    const trend = await json(await t.api(`/api/v1/people/pulses/${pulseId}/trend?days=30`));
    expect(trend.teams[0]).toMatchObject({ teamId: teams.a.id, teamName: 'Alpha' });
    expect(trend.teams[0].points[0]).toMatchObject({ enps: 0, enpsShown: true, csat: { value: null, n: 0 } });
  });

  it('hides a team of 5 too when the total would give away a team of 4 by subtraction', async () => {
    const { pulseId, roundId, links } = await openPulse([teams.b.id, teams.c.id]);
    for (const email of [...teams.b.emails, ...teams.c.emails])
      expect((await answer(links.get(email) as string, 7, 3)).status).toBe(200);
    await close(pulseId, roundId);
    const round = (await results(pulseId)).rounds[0];
    expect(round.total).toMatchObject({ shown: true, n: 9 });
    expect(round.teams.map((x: AnyJson) => [x.teamName, x.shown, x.enps])).toEqual([
      ['Bravo', false, null],
      ['Charlie', false, null],
    ]);
    const onlyB = (await results(pulseId, `?teamId=${teams.b.id}`)).rounds[0];
    expect(onlyB.teams[0]).toMatchObject({ shown: false, enps: null });
  });

  it('takes each link once, refuses forged and closed links, and keeps no staff identity with answers', async () => {
    const { pulseId, roundId, links } = await openPulse([teams.a.id]);
    const [first, second] = [...links.values()] as [string, string];
    expect((await answer(first, 9, 4)).status).toBe(200);
    const again = await answer(first, 0, 1);
    expect(again.status).toBe(409);
    expect(await again.text()).toMatch(/already answered/);
    expect((await fetch(t.url + first)).status).toBe(409);
    expect((await fetch(`${t.url}/pulse/${first.split('/')[2]?.slice(0, -3)}xyz`)).status).toBe(404);
    // A missing eNPS score is the form again with the error, nothing stored.
    const bad = await post(second, { workload: '3' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/Please choose a score/);
    await close(pulseId, roundId);
    expect((await answer(second, 5, 2)).status).toBe(410);
    expect((await fetch(t.url + second)).status).toBe(410);
    // Only one answer in this round, and nothing in it leads back to a person.
    const cols = await t.ctx.db
      .selectFrom('information_schema.columns' as never)
      .select('column_name' as never)
      .where('table_name' as never, '=', 'people_pulse_answer' as never)
      .execute();
    expect((cols as { column_name: string }[]).map((c) => c.column_name).sort()).toEqual(
      ['answers', 'enps', 'id', 'round_id', 'team_id', 'themes'].sort(),
    );
    const rows = await t.ctx.db
      .selectFrom('people_pulse_answer')
      .selectAll()
      .where('round_id', '=', roundId)
      .execute();
    expect(rows).toHaveLength(1);
    const everything = JSON.stringify([rows, await results(pulseId), await csv(pulseId)]);
    for (const id of staffIds) expect(everything).not.toContain(id);
    for (const email of [...teams.a.emails, ...teams.c.emails]) expect(everything).not.toContain(email);
    const invitations = await t.ctx.db
      .selectFrom('people_pulse_invitation')
      .select('status')
      .where('round_id', '=', roundId)
      .execute();
    expect(invitations.filter((x) => x.status === 'answered')).toHaveLength(1);
  });

  it('opens scheduled rounds once and moves the schedule on; refuses a pulse of an unknown team', async () => {
    const pulse = await json(
      await t.api('/api/v1/people/pulses', { method: 'POST', json: pulseBody([teams.b.id]) }),
      201,
    );
    expect(pulse.nextRoundAt).toBe(pulse.schedule.firstRoundAt);
    clock.set(later(2 * 3_600_000));
    expect(await openDueRounds(t.ctx)).toBe(1);
    const after = await json(await t.api(`/api/v1/people/pulses/${pulse.id}`));
    expect(new Date(after.nextRoundAt).getTime() - new Date(pulse.schedule.firstRoundAt).getTime()).toBe(
      30 * 86_400_000,
    );
    const opened = await json(
      await t.api(`/api/v1/people/pulses/${pulse.id}/rounds`, { method: 'POST' }),
      201,
    );
    expect(opened).toMatchObject({ number: 2, invited: 5 });
    await json(await t.api(`/api/v1/people/pulses/${pulse.id}`, { method: 'DELETE' }), 204);
    await json(await t.api(`/api/v1/people/pulses/${pulse.id}/rounds`, { method: 'POST' }), 409);
    const unknown = await t.api('/api/v1/people/pulses', {
      method: 'POST',
      json: pulseBody(['00000000-0000-4000-8000-000000000000']),
    });
    expect(unknown.status).toBe(400);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AnyJson,
  createStaffUser,
  logInCookie,
  startTestApp,
  type TestApp,
} from '../../../test/helpers.ts';
import { createCustomer } from '../customers/index.ts';
import { manualClock } from '../loop/testing/fixtures.ts';
import { buildContactLinks } from '../outreach/index.ts';
import { eraseCustomer, exportCustomerData } from '../privacy/index.ts';
import { addResolvedCase } from './test-fixtures.ts';

const clock = manualClock('2026-04-10T09:00:00Z');
let t: TestApp;
type Person = { id: string; name: string; cookie: string };
let ann: Person;
let ben: Person;
let cat: Person;
let teamId: string;

const person = async (role: 'agent' | 'manager'): Promise<Person> => {
  const u = await createStaffUser(t.ctx, role);
  return { id: u.staff.id, name: u.staff.name, cookie: await logInCookie(t, u.staff.email, u.password) };
};

beforeAll(async () => {
  t = await startTestApp({ clock });
  ann = await person('agent');
  ben = await person('agent');
  cat = await person('manager');
  const team = await (
    await t.api('/api/v1/teams', {
      method: 'POST',
      json: { name: 'Care', timeZone: 'UTC', managerId: cat.id },
    })
  ).json();
  teamId = team.id;
  await t.api(`/api/v1/teams/${teamId}/members`, {
    method: 'PUT',
    json: { members: [{ staffId: ann.id }, { staffId: ben.id }] },
  });
});
afterAll(() => t?.close());

const json = async (res: Response, status = 200): Promise<AnyJson> => {
  const body = await res.text();
  expect(res.status, body).toBe(status);
  return body ? JSON.parse(body) : null;
};
const as = (p: Person, path: string, init: RequestInit & { json?: unknown } = {}) =>
  t.api(path, { ...init, headers: { cookie: p.cookie } });

describe('kudos', () => {
  it('recognises a colleague for a customer or a case, shows it on the team feed and counts it', async () => {
    const dana = (await createCustomer(t.ctx, { name: 'Dana Fox', emails: ['dana@kudos.example'] })).id;
    const caseCustomer = (await createCustomer(t.ctx, { name: 'Eli Moss' })).id;
    await addResolvedCase(t, caseCustomer, 'saved', '2026-04-09T09:00:00Z');
    const caseRow = await t.ctx.db
      .selectFrom('loop_case')
      .select('id')
      .where('customer_id', '=', caseCustomer)
      .executeTakeFirstOrThrow();

    const first = await json(
      await as(ann, '/api/v1/people/kudos', {
        method: 'POST',
        json: { toStaffId: ben.id, customerId: dana, message: 'Saved Dana Fox’s renewal on a Sunday' },
      }),
      201,
    );
    expect(first).toMatchObject({ fromStaffId: ann.id, toStaffId: ben.id, customerName: 'Dana Fox' });
    clock.set('2026-04-10T10:00:00Z');
    // A case brings its customer along.
    const second = await json(
      await as(cat, '/api/v1/people/kudos', {
        method: 'POST',
        json: { toStaffId: ben.id, caseId: caseRow.id, message: 'Calm and clear with Eli' },
      }),
      201,
    );
    expect(second).toMatchObject({ customerId: caseCustomer, caseId: caseRow.id });
    clock.set('2026-04-10T11:00:00Z');
    await json(
      await as(ben, '/api/v1/people/kudos', {
        method: 'POST',
        json: { toStaffId: ann.id, customerId: dana, message: 'Thanks for the handover' },
      }),
      201,
    );

    // Bad input is a clear 400, and nothing is stored.
    const self = await json(
      await as(ann, '/api/v1/people/kudos', {
        method: 'POST',
        json: { toStaffId: ann.id, customerId: dana, message: 'me' },
      }),
      400,
    );
    expect(self.error.message).toMatch(/not to yourself/);
    const unlinked = await json(
      await as(ann, '/api/v1/people/kudos', { method: 'POST', json: { toStaffId: ben.id, message: 'x' } }),
      400,
    );
    expect(unlinked.error.message).toMatch(/customer \(customerId\) or a case/);
    const wrongCase = await json(
      await as(ann, '/api/v1/people/kudos', {
        method: 'POST',
        json: { toStaffId: ben.id, caseId: caseRow.id, customerId: dana, message: 'x' },
      }),
      400,
    );
    expect(wrongCase.error.message).toMatch(/another customer/);
    await json(
      await as(ann, '/api/v1/people/kudos', {
        method: 'POST',
        json: { toStaffId: ben.id, customerId: '00000000-0000-4000-8000-000000000000', message: 'x' },
      }),
      400,
    );
    // An API key has nobody to give kudos in the name of.
    await json(
      await t.api('/api/v1/people/kudos', {
        method: 'POST',
        json: { toStaffId: ben.id, customerId: dana, message: 'x' },
      }),
      403,
    );

    // The team feed, newest first, in pages that neither repeat nor skip.
    const page1 = await json(await as(ann, `/api/v1/people/kudos?teamId=${teamId}&limit=2`));
    expect(page1.data.map((k: AnyJson) => k.message)).toEqual([
      'Thanks for the handover',
      'Calm and clear with Eli',
    ]);
    const page2 = await json(
      await as(ann, `/api/v1/people/kudos?teamId=${teamId}&limit=2&before=${page1.nextCursor}`),
    );
    expect(page2.data.map((k: AnyJson) => k.message)).toEqual(['Saved Dana Fox’s renewal on a Sunday']);
    expect(page2.nextCursor).toBeNull();
    const bens = await json(await as(ann, `/api/v1/people/kudos?staffId=${ben.id}`));
    expect(bens.data).toHaveLength(2);

    const counts = await json(
      await as(
        cat,
        `/api/v1/people/kudos/counts?from=2026-04-01T00:00:00Z&to=2026-05-01T00:00:00Z&teamId=${teamId}`,
      ),
    );
    expect(counts.data).toEqual([
      { staffId: ben.id, name: ben.name, teamId, received: 2, given: 1 },
      { staffId: ann.id, name: ann.name, teamId, received: 1, given: 1 },
    ]);
    const before = await json(
      await as(cat, `/api/v1/people/kudos/counts?from=2026-03-01T00:00:00Z&to=2026-04-01T00:00:00Z`),
    );
    expect(before.data.every((c: AnyJson) => c.received === 0)).toBe(true);

    // Giving kudos about a customer is on the audit log.
    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .select(['actor_id', 'customer_id'])
      .where('action', '=', 'people.kudos-give')
      .execute();
    expect(audit).toContainEqual({ actor_id: ann.id, customer_id: dana });

    // Export carries the kudos about the customer; erasure scrubs the name, keeps the count.
    const exported = await exportCustomerData(t.ctx, dana);
    expect(exported.kudos.map((k) => k.message)).toContain('Saved Dana Fox’s renewal on a Sunday');
    await eraseCustomer(t.ctx, dana, { reason: 'asked', by: { kind: 'system', id: null } });
    const left = await t.ctx.db
      .selectFrom('people_kudos')
      .select('message')
      .where('customer_id', '=', dana)
      .execute();
    expect(left).toHaveLength(2);
    expect(left.map((k) => k.message).join()).not.toMatch(/Dana|Fox/);
  });
});

describe('reward preferences', () => {
  it('asks staff and customers what they value and shows managers the counts, never a group under 5', async () => {
    await json(
      await as(ann, '/api/v1/people/reward-preferences/me', {
        method: 'PUT',
        json: { choices: ['time-off', 'learning'] },
      }),
    );
    await json(
      await as(ben, '/api/v1/people/reward-preferences/me', {
        method: 'PUT',
        json: { choices: ['learning'] },
      }),
    );
    expect((await json(await as(ann, '/api/v1/people/reward-preferences/me'))).choices).toEqual([
      'time-off',
      'learning',
    ]);
    // Bad answers are 400s: unknown option, the same twice, more than three.
    for (const choices of [
      ['cash'],
      ['learning', 'learning'],
      ['gift', 'learning', 'time-off', 'team-event'],
    ])
      await json(
        await as(ann, '/api/v1/people/reward-preferences/me', { method: 'PUT', json: { choices } }),
        400,
      );
    // Two answers in all: nothing shown yet, for the staff or the team.
    let summary = await json(await as(cat, '/api/v1/people/reward-preferences/summary'));
    expect(summary.staff).toMatchObject({ answers: 2, options: null });
    expect(summary.staff.teams.find((x: AnyJson) => x.teamId === teamId)).toMatchObject({
      answers: 2,
      options: null,
    });
    for (let i = 0; i < 3; i++)
      await json(
        await as(await person('agent'), '/api/v1/people/reward-preferences/me', {
          method: 'PUT',
          json: { choices: ['learning', 'gift'] },
        }),
      );
    summary = await json(await as(cat, '/api/v1/people/reward-preferences/summary'));
    expect(summary.staff.answers).toBe(5);
    expect(summary.staff.options[0]).toMatchObject({ choice: 'learning', count: 5, first: 4 });
    // The team still has only two answers: still hidden.
    expect(summary.staff.teams.find((x: AnyJson) => x.teamId === teamId).options).toBeNull();
    // Agents do not read the summary.
    await json(await as(ann, '/api/v1/people/reward-preferences/summary'), 403);

    // A customer's preference, recorded from the 360: audited, counted, exported, erased.
    const gil = (await createCustomer(t.ctx, { name: 'Gil Park', emails: ['gil@prefs.example'] })).id;
    const saved = await json(
      await as(ann, `/api/v1/people/customers/${gil}/reward-preference`, {
        method: 'PUT',
        json: { choices: ['early-access', 'charity'], note: 'Gil Park loves previews' },
      }),
    );
    expect(saved).toMatchObject({ choices: ['early-access', 'charity'], source: 'staff' });
    expect((await json(await as(ben, `/api/v1/people/customers/${gil}/reward-preference`))).note).toBe(
      'Gil Park loves previews',
    );
    await json(
      await as(ann, '/api/v1/people/customers/00000000-0000-4000-8000-000000000000/reward-preference', {
        method: 'PUT',
        json: { choices: ['gifts'] },
      }),
      404,
    );
    summary = await json(await as(cat, '/api/v1/people/reward-preferences/summary'));
    expect(summary.customers.answers).toBe(1);
    expect(summary.customers.options[0]).toMatchObject({ choice: 'early-access', count: 1, first: 1 });
    expect(
      await t.ctx.db
        .selectFrom('audit_log')
        .select('actor_id')
        .where('action', '=', 'people.reward-preference-set')
        .where('customer_id', '=', gil)
        .execute(),
    ).toEqual([{ actor_id: ann.id }]);
    expect((await exportCustomerData(t.ctx, gil)).rewardPreference?.note).toBe('Gil Park loves previews');
    const erased = await eraseCustomer(t.ctx, gil, { reason: 'asked', by: { kind: 'system', id: null } });
    expect(erased.counts.rewardPreferences).toBe(1);
    expect((await json(await as(ann, `/api/v1/people/customers/${gil}/reward-preference`))).choices).toEqual(
      [],
    );
    await json(
      await as(ann, `/api/v1/people/customers/${gil}/reward-preference`, {
        method: 'PUT',
        json: { choices: ['gifts'] },
      }),
      409,
    );
  });
});

describe('the customer’s own reward preference page', () => {
  it('opens from the preference centre with its signed token and keeps the customer’s answer', async () => {
    const hana = (await createCustomer(t.ctx, { name: 'Hana Berg', emails: ['hana@prefs.example'] })).id;
    const links = await buildContactLinks(t.ctx, { customerId: hana, purpose: 'service' }, clock.now());
    const prefsPath = new URL(links.preferencesUrl).pathname;
    const centre = await (await fetch(`${t.url}${prefsPath}`)).text();
    expect(centre).toContain(`href="${prefsPath}/rewards"`);
    const page = await fetch(`${t.url}${prefsPath}/rewards`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(await page.text()).toContain('Which rewards do you value?');

    const post = (form: string) =>
      fetch(`${t.url}${prefsPath}/rewards`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form,
        redirect: 'manual',
      });
    const tooMany = await post('reward=events&reward=charity&reward=gifts&reward=discounts');
    expect(tooMany.status).toBe(400);
    expect(await tooMany.text()).toContain('Please tick between 1 and 3 rewards.');
    const unknown = await post('reward=cash');
    expect(unknown.status).toBe(400);
    const saved = await post('reward=events&reward=charity&note=Local+events+please');
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toBe(`${prefsPath}/rewards?saved=1`);
    const view = await json(await as(ann, `/api/v1/people/customers/${hana}/reward-preference`));
    expect(view).toMatchObject({
      choices: ['events', 'charity'],
      note: 'Local events please',
      source: 'customer',
    });
    const again = await (await fetch(`${t.url}${prefsPath}/rewards?saved=1`)).text();
    expect(again).toContain('Thank you: your answer is saved.');
    expect(again).toMatch(/value="events" id="reward-events" checked/);

    // A forged or broken token opens nothing and changes nothing.
    const forged = await fetch(`${t.url}${prefsPath.slice(0, -3)}xyz/rewards`);
    expect(forged.status).toBe(404);
    const forgedPost = await fetch(`${t.url}${prefsPath.slice(0, -3)}xyz/rewards`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'reward=gifts',
    });
    expect(forgedPost.status).toBe(404);
    expect((await json(await as(ann, `/api/v1/people/customers/${hana}/reward-preference`))).choices).toEqual(
      ['events', 'charity'],
    );
  });
});

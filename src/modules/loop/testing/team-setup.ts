import type { AnyJson, TestApp } from '../../../../test/helpers.ts';
import { buildCustomerFacts } from '../build-rule-facts.ts';
import { type FlagResult, raiseFlag } from '../raise-flag.ts';

type Hours = { weekday: number; start: string; end: string }[];
export const weekdays = (start: string, end: string): Hours =>
  [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start, end }));

async function ok(res: Response, what: string) {
  if (!res.ok) throw new Error(`${what}: ${res.status} ${await res.text()}`);
  return res.json() as Promise<{ id: string }>;
}

/** A staff member with a time zone and working hours, made through the public API. */
export async function addStaff(
  t: TestApp,
  name: string,
  role: 'agent' | 'manager',
  timeZone: string,
  hours: Hours | null,
) {
  const staff = await ok(
    await t.api('/api/v1/staff', {
      method: 'POST',
      json: {
        email: `${name.toLowerCase()}-${Math.random().toString(36).slice(2, 8)}@example.com`,
        name,
        role,
        password: 'a-long-password-1',
        timeZone,
      },
    }),
    `create ${name}`,
  );
  if (hours)
    await ok(
      await t.api(`/api/v1/staff/${staff.id}/hours`, { method: 'PUT', json: { intervals: hours } }),
      `hours of ${name}`,
    );
  return staff.id;
}

/** A team with coverage, a manager and members. */
export async function addTeam(
  t: TestApp,
  name: string,
  timeZone: string,
  coverage: Hours,
  members: string[],
  managerId: string | null,
) {
  const team = await ok(
    await t.api('/api/v1/teams', { method: 'POST', json: { name, timeZone, managerId } }),
    `team ${name}`,
  );
  await ok(
    await t.api(`/api/v1/teams/${team.id}/coverage`, { method: 'PUT', json: { intervals: coverage } }),
    `coverage of ${name}`,
  );
  await ok(
    await t.api(`/api/v1/teams/${team.id}/members`, {
      method: 'PUT',
      json: { members: members.map((staffId) => ({ staffId })) },
    }),
    `members of ${name}`,
  );
  return team.id;
}

export async function addCustomer(t: TestApp, body: Record<string, unknown>): Promise<string> {
  return (await ok(await t.api('/api/v1/customers', { method: 'POST', json: body }), 'create customer')).id;
}

/**
 * A new customer made through the API, then `rule` (as `GET /api/v1/rules` lists it) raised for
 * them as the worker would, in-app notices only.
 */
export async function flagNewCustomer(
  t: TestApp,
  rule: AnyJson,
  customer: Record<string, unknown>,
): Promise<FlagResult & { customerId: string }> {
  const customerId = await addCustomer(t, customer);
  const r = await raiseFlag(t.ctx, {
    customerId,
    rule: { ...rule, notify: ['in-app'], cooldownDays: 0 },
    triggerKey: `test:${customerId}`,
    summary: rule.name,
    event: null,
    customer: await buildCustomerFacts(t.ctx, customerId),
  });
  return { ...r, customerId };
}

/** A survey answer as the feedback module records it on the timeline. */
export const npsAnswer = (
  customerId: string,
  score: number,
  at: string,
  extra: Record<string, unknown> = {},
) => ({
  customerId,
  source: 'feedback',
  sourceId: `resp-${customerId}-${score}-${at}`,
  channel: 'email',
  kind: 'survey-response',
  direction: 'inbound',
  occurredAt: at,
  properties: {
    surveyId: 'nps-q4',
    responseId: `r-${customerId}-${score}`,
    type: 'nps',
    score,
    comment: '',
    themes: [],
    ...extra,
  },
});

export async function ingest(t: TestApp, events: unknown[]) {
  const res = await t.api('/api/v1/events', { method: 'POST', json: { events } });
  if (res.status !== 200) throw new Error(`ingest: ${res.status} ${await res.text()}`);
  return res.json() as Promise<{ accepted: number; duplicates: number; rejected: unknown[] }>;
}

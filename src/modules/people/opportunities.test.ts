import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AnyJson,
  createStaffUser,
  logInCookie,
  startTestApp,
  type TestApp,
} from '../../../test/helpers.ts';
import { createCustomer, type NewInteraction, recordInteractions } from '../customers/index.ts';
import { manualClock } from '../loop/testing/fixtures.ts';

const clock = manualClock('2026-03-02T10:00:00Z');
let t: TestApp;
type Rep = { id: string; cookie: string };
let ann: Rep;
let ben: Rep;
let cid: Rep;
let teamId: string;

beforeAll(async () => {
  t = await startTestApp({ clock });
  const rep = async (): Promise<Rep> => {
    const u = await createStaffUser(t.ctx, 'agent');
    return { id: u.staff.id, cookie: await logInCookie(t, u.staff.email, u.password) };
  };
  ann = await rep();
  ben = await rep();
  cid = await rep();
  // Ann and Ben are one team; Cid is in another.
  const team = await json(
    await t.api('/api/v1/teams', { method: 'POST', json: { name: 'Service', timeZone: 'UTC' } }),
    201,
  );
  teamId = team.id;
  await json(
    await t.api(`/api/v1/teams/${team.id}/members`, {
      method: 'PUT',
      json: { members: [{ staffId: ann.id }, { staffId: ben.id }] },
    }),
  );
  const other = await json(
    await t.api('/api/v1/teams', { method: 'POST', json: { name: 'Other', timeZone: 'UTC' } }),
    201,
  );
  await json(
    await t.api(`/api/v1/teams/${other.id}/members`, {
      method: 'PUT',
      json: { members: [{ staffId: cid.id }] },
    }),
  );
});
afterAll(() => t?.close());

async function json(res: Response, status = 200): Promise<AnyJson> {
  const body = await res.text();
  expect(res.status, body).toBe(status);
  return body ? JSON.parse(body) : null;
}

const at = (days: number) => new Date(clock.now().getTime() + days * 86_400_000);

async function record(customerId: string, item: Partial<NewInteraction> & { sourceId?: string }) {
  return recordInteractions(t.ctx, [
    {
      customer: { id: customerId },
      source: 'shop',
      sourceId: item.sourceId ?? uuidv7(),
      channel: 'web',
      kind: 'purchase',
      occurredAt: at(1),
      ...item,
    },
  ]);
}

/** A logged inbound call on the customer's timeline, and its id. */
async function call(customerId: string): Promise<number> {
  const sourceId = uuidv7();
  await record(customerId, {
    source: 'phone',
    sourceId,
    channel: 'phone',
    kind: 'call',
    direction: 'inbound',
    occurredAt: clock.now(),
  });
  const row = await t.ctx.db
    .selectFrom('interaction')
    .select('id')
    .where('customer_id', '=', customerId)
    .where('source_id', '=', sourceId)
    .executeTakeFirstOrThrow();
  return row.id;
}

const flag = (rep: Rep, body: Record<string, unknown>) =>
  t.api('/api/v1/people/opportunities', { method: 'POST', headers: { cookie: rep.cookie }, json: body });
const get = async (id: string) => json(await t.api(`/api/v1/people/opportunities/${id}`));

describe('opportunities', () => {
  it('a purchase after a flag on a call converts it once, credited to the rep and the call', async () => {
    const customer = (await createCustomer(t.ctx, { name: 'Olga', ownerId: ann.id })).id;
    const callId = await call(customer);
    const o = await json(
      await flag(ann, {
        customerId: customer,
        interactionId: callId,
        interest: 'Wants the family plan',
        valueMinor: 12_000,
        currency: 'EUR',
        windowDays: 30,
      }),
      201,
    );
    expect(o).toMatchObject({ stage: 'open', repId: ann.id, interactionId: callId, won: null });
    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .select('action')
      .where('target', '=', o.id)
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['people.opportunity-flag']);

    // The purchase arrives, then the shop delivers it again (a retry): one conversion, one credit.
    const sourceId = uuidv7();
    await record(customer, { sourceId, amountMinor: 9_900, currency: 'EUR', occurredAt: at(3) });
    const again = await record(customer, {
      sourceId,
      amountMinor: 9_900,
      currency: 'EUR',
      occurredAt: at(3),
    });
    expect(again.duplicates).toBe(1);
    // A second, different purchase finds it won already: still one credit.
    await record(customer, { amountMinor: 5_000, currency: 'EUR', occurredAt: at(4) });

    const won = await get(o.id);
    expect(won.stage).toBe('won');
    expect(won.won).toMatchObject({ amountMinor: 9_900, currency: 'EUR', at: at(3).toISOString() });
    expect(won.history.map((h: AnyJson) => h.toStage)).toEqual(['open', 'won']);

    const report = await json(
      await t.api(
        `/api/v1/people/opportunities-report?from=${at(-1).toISOString()}&to=${at(10).toISOString()}`,
      ),
    );
    const annRow = report.reps.find((r: AnyJson) => r.repId === ann.id);
    expect(annRow).toMatchObject({ won: 1, revenue: [{ currency: 'EUR', minor: 9_900 }] });
    const team = report.teams.find((r: AnyJson) => r.teamId === teamId);
    expect(team.revenue).toEqual([{ currency: 'EUR', minor: 9_900 }]);
    expect(report.won.filter((w: AnyJson) => w.id === o.id)).toHaveLength(1);
    expect(report.won.find((w: AnyJson) => w.id === o.id).interactionId).toBe(callId);
    // One team's report holds only its reps; the drill-down narrows to one rep.
    const other = await json(
      await t.api(
        `/api/v1/people/opportunities-report?from=${at(-1).toISOString()}&to=${at(10).toISOString()}&teamId=${uuidv7()}`,
      ),
    );
    expect([other.reps, other.won, other.total.revenue]).toEqual([[], [], []]);
    const drill = await json(
      await t.api(
        `/api/v1/people/opportunities-report?from=${at(-1).toISOString()}&to=${at(10).toISOString()}&teamId=${teamId}&repId=${ben.id}`,
      ),
    );
    expect(drill.won.filter((w: AnyJson) => w.id === o.id)).toEqual([]);
  });

  it('credits one purchase to one opportunity: two open ones need two purchases', async () => {
    const customer = (await createCustomer(t.ctx, { name: 'Ulla', ownerId: ann.id })).id;
    const callId = await call(customer);
    const body = { customerId: customer, interactionId: callId, valueMinor: 100, currency: 'EUR' };
    const first = await json(await flag(ann, { ...body, interest: 'Plan' }), 201);
    const second = await json(await flag(ben, { ...body, interest: 'Add-on' }), 201);
    await record(customer, { amountMinor: 300, currency: 'EUR', occurredAt: at(1) });
    expect([(await get(first.id)).stage, (await get(second.id)).stage]).toEqual(['won', 'open']);
    await record(customer, { amountMinor: 200, currency: 'EUR', occurredAt: at(2) });
    expect((await get(second.id)).won).toMatchObject({ amountMinor: 200 });
    expect((await get(first.id)).won).toMatchObject({ amountMinor: 300 });
  });

  it('does not convert on a purchase outside the window, of another product, or before the flag', async () => {
    const customer = (await createCustomer(t.ctx, { name: 'Pavel' })).id;
    const callId = await call(customer);
    const o = await json(
      await flag(ben, {
        customerId: customer,
        interactionId: callId,
        interest: 'Bike',
        product: 'BIKE-1',
        valueMinor: 50_000,
        currency: 'EUR',
        windowDays: 14,
      }),
      201,
    );
    await record(customer, {
      amountMinor: 1_000,
      currency: 'EUR',
      occurredAt: at(-1),
      properties: { product: 'BIKE-1' },
    });
    await record(customer, {
      amountMinor: 1_000,
      currency: 'EUR',
      occurredAt: at(2),
      properties: { product: 'HELMET' },
    });
    await record(customer, {
      amountMinor: 1_000,
      currency: 'EUR',
      occurredAt: at(15),
      properties: { product: 'BIKE-1' },
    });
    expect((await get(o.id)).stage).toBe('open');
    // The right product inside the window converts it (the key is compared case-insensitively).
    await record(customer, {
      amountMinor: 48_000,
      currency: 'EUR',
      occurredAt: at(5),
      properties: { sku: 'bike-1' },
    });
    expect((await get(o.id)).won).toMatchObject({ amountMinor: 48_000 });
  });

  it('credits once when two purchases arrive at the same moment', async () => {
    const customer = (await createCustomer(t.ctx, { name: 'Vera', ownerId: ann.id })).id;
    const o = await json(
      await flag(ann, {
        customerId: customer,
        interactionId: await call(customer),
        interest: 'Plan',
        valueMinor: 1,
        currency: 'EUR',
      }),
      201,
    );
    await Promise.all(
      [1_000, 2_000].map((amountMinor) =>
        record(customer, { amountMinor, currency: 'EUR', occurredAt: at(1) }),
      ),
    );
    const won = await get(o.id);
    expect(won.history.filter((h: AnyJson) => h.toStage === 'won')).toHaveLength(1);
    expect([1_000, 2_000]).toContain(won.won.amountMinor);
  });

  it('moves through stages with history; won is only set by a purchase', async () => {
    const customer = (await createCustomer(t.ctx, { name: 'Quinn', ownerId: ben.id })).id;
    const o = await json(
      await flag(ben, {
        customerId: customer,
        interactionId: await call(customer),
        interest: 'Upgrade',
        valueMinor: 100,
        currency: 'EUR',
      }),
      201,
    );
    const move = (rep: Rep, stage: string) =>
      t.api(`/api/v1/people/opportunities/${o.id}/stage`, {
        method: 'POST',
        headers: { cookie: rep.cookie },
        json: { stage, note: 'called back' },
      });
    await json(await move(ann, 'qualified')); // a teammate may
    await json(await move(cid, 'lost'), 403); // another team may not
    await json(await move(ben, 'won'), 400);
    await json(await move(ben, 'lost'));
    // A lost opportunity does not convert.
    await record(customer, { amountMinor: 100, currency: 'EUR', occurredAt: at(1) });
    const lost = await get(o.id);
    expect(lost.stage).toBe('lost');
    expect(lost.history.map((h: AnyJson) => [h.fromStage, h.toStage])).toEqual([
      [null, 'open'],
      ['open', 'qualified'],
      ['qualified', 'lost'],
    ]);
    await json(await move(ben, 'open'));
  });

  it('refuses an agent flagging on a customer they cannot act on, and bad contacts, with a clear 4xx', async () => {
    const theirs = (await createCustomer(t.ctx, { name: 'Rosa', ownerId: cid.id })).id;
    const callId = await call(theirs);
    const res = await json(
      await flag(ann, {
        customerId: theirs,
        interactionId: callId,
        interest: 'x',
        valueMinor: 1,
        currency: 'EUR',
      }),
      403,
    );
    expect(res.message ?? res.error?.message ?? JSON.stringify(res)).toMatch(/another team/);
    const mine = (await createCustomer(t.ctx, { name: 'Sven', ownerId: ann.id })).id;
    // The call must be on this customer's timeline; some contact must be named.
    await json(
      await flag(ann, {
        customerId: mine,
        interactionId: callId,
        interest: 'x',
        valueMinor: 1,
        currency: 'EUR',
      }),
      400,
    );
    await json(await flag(ann, { customerId: mine, interest: 'x', valueMinor: 1, currency: 'EUR' }), 400);
    await json(
      await flag(ann, {
        customerId: uuidv7(),
        interactionId: 1,
        interest: 'x',
        valueMinor: 1,
        currency: 'EUR',
      }),
      404,
    );
    // An agent credits only themselves or a teammate.
    const callMine = await call(mine);
    await json(
      await flag(ann, {
        customerId: mine,
        interactionId: callMine,
        interest: 'x',
        valueMinor: 1,
        currency: 'EUR',
        repId: cid.id,
      }),
      403,
    );
    const count = await t.ctx.db
      .selectFrom('people_opportunity')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('customer_id', 'in', [theirs, mine])
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(0);
  });

  it('is in the personal-data export and erased with the customer, the credited revenue kept', async () => {
    const customer = (await createCustomer(t.ctx, { name: 'Tove Example', ownerId: ann.id })).id;
    const o = await json(
      await flag(ann, {
        customerId: customer,
        interactionId: await call(customer),
        interest: 'Tove wants the gold plan',
        valueMinor: 700,
        currency: 'EUR',
      }),
      201,
    );
    await record(customer, { amountMinor: 700, currency: 'EUR', occurredAt: at(1) });
    const exported = await json(await t.api(`/api/v1/customers/${customer}/export`));
    expect(exported.opportunities.opportunities[0].interest).toBe('Tove wants the gold plan');
    expect(exported.opportunities.history).toHaveLength(2);
    await json(
      await t.api(`/api/v1/customers/${customer}`, {
        method: 'DELETE',
        json: { reason: 'asked to be forgotten' },
      }),
    );
    const after = await get(o.id);
    expect(after.interest).toBe('[erased]');
    expect(after.won).toMatchObject({ amountMinor: 700 });
    expect(after.history.every((h: AnyJson) => h.note === null)).toBe(true);
  });
});

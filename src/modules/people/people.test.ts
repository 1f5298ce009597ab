import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AnyJson, createStaffUser, startTestApp, type TestApp } from '../../../test/helpers.ts';
import { createCustomer } from '../customers/index.ts';
import { setTestScores } from '../insight/testing/set-scores.ts';
import { manualClock } from '../loop/testing/fixtures.ts';

const clock = manualClock('2026-01-01T00:00:00Z');
let t: TestApp;
type Rep = { id: string; email: string; password: string };
const reps: Rep[] = [];
const four = () => reps as [Rep, Rep, Rep, Rep];

beforeAll(async () => {
  t = await startTestApp({ clock });
  for (let i = 0; i < 4; i++) {
    const { staff, password } = await createStaffUser(t.ctx, 'agent');
    reps.push({ id: staff.id, email: staff.email, password });
  }
});
afterAll(() => t?.close());

const json = async (res: Response, status = 200): Promise<AnyJson> => {
  const body = await res.text();
  expect(res.status, body).toBe(status);
  return body ? JSON.parse(body) : null;
};

describe('assignment', () => {
  it('spreads new customers within one customer and 10% of CLV of even, and leaves owners alone', async () => {
    const [a, b, c] = four();
    const ids: string[] = [];
    for (let i = 0; i < 31; i++)
      ids.push((await createCustomer(t.ctx, { name: `DE ${i}`, address: { country: 'de' } })).id);
    const french = (await createCustomer(t.ctx, { name: 'FR', address: { country: 'FR' } })).id;
    await setTestScores(
      t.ctx,
      ids.map((customerId, i) => ({ customerId, clvMinor: 10_000 + ((i * 7919) % 50) * 1000 })),
    );
    await json(
      await t.api('/api/v1/people/assignment-rules', {
        method: 'POST',
        json: { name: 'Germany', countries: ['DE'], staffIds: [a.id, b.id, c.id] },
      }),
      201,
    );
    const run = await json(await t.api('/api/v1/people/assignment-runs', { method: 'POST' }));
    expect(run.assigned).toBe(31);
    expect(run.unmatched).toBe(1);
    const owners = await t.ctx.db
      .selectFrom('customer')
      .select(['id', 'owner_id'])
      .where('id', 'in', ids)
      .execute();
    const clv = new Map(ids.map((id, i) => [id, 10_000 + ((i * 7919) % 50) * 1000]));
    const books = [a, b, c].map((r) => owners.filter((o) => o.owner_id === r.id).map((o) => o.id));
    const counts = books.map((bk) => bk.length);
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
    const values = books.map((bk) => bk.reduce((s, id) => s + (clv.get(id) ?? 0), 0));
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    expect(Math.max(...values) - Math.min(...values)).toBeLessThanOrEqual(0.1 * mean);
    const unowned = await t.ctx.db
      .selectFrom('customer')
      .select('owner_id')
      .where('id', '=', french)
      .executeTakeFirstOrThrow();
    expect(unowned.owner_id).toBeNull();
    // The timeline says who and why.
    const entry = await t.ctx.db
      .selectFrom('interaction')
      .select('properties')
      .where('customer_id', '=', ids[0] as string)
      .where('kind', '=', 'profile-update')
      .executeTakeFirstOrThrow();
    expect(entry.properties).toMatchObject({ reason: 'assignment rule "Germany"' });
    // Sticky: a second run touches no owned customer.
    expect((await json(await t.api('/api/v1/people/assignment-runs', { method: 'POST' }))).assigned).toBe(0);
  });

  it('refuses a rule that matches nobody, or names an unknown rep, with a 400 that says so', async () => {
    const nobody = await json(
      await t.api('/api/v1/people/assignment-rules', {
        method: 'POST',
        json: { name: 'Iceland', countries: ['IS'], staffIds: [four()[0].id] },
      }),
      400,
    );
    expect(nobody.error.message).toMatch(/matches no customer/);
    const unknown = await json(
      await t.api('/api/v1/people/assignment-rules', {
        method: 'POST',
        json: { name: 'Ghost', staffIds: ['00000000-0000-4000-8000-000000000000'] },
      }),
      400,
    );
    expect(unknown.error.message).toMatch(/no staff member/);
    const rules = await json(await t.api('/api/v1/people/assignment-rules'));
    expect(rules.data.map((r: AnyJson) => r.name)).toEqual(['Germany']);
  });

  it('previews a departing rep’s rebalancing and applies it with a hand-over note', async () => {
    const [a, b, c, d] = four();
    const book = await t.ctx.db.selectFrom('customer').select('id').where('owner_id', '=', a.id).execute();
    const preview = await json(
      await t.api('/api/v1/people/rebalance/preview', {
        method: 'POST',
        json: { fromStaffId: a.id, toStaffIds: [b.id, d.id] },
      }),
    );
    expect(preview.moves).toHaveLength(book.length);
    // d starts empty, so d takes more of a's book than b, which already has a full one.
    const toD = preview.moves.filter((m: AnyJson) => m.toStaffId === d.id).length;
    expect(toD).toBeGreaterThan(preview.moves.length / 2);
    // The preview changed nothing.
    expect(
      await t.ctx.db.selectFrom('customer').select('id').where('owner_id', '=', a.id).execute(),
    ).toHaveLength(book.length);
    const applied = await json(
      await t.api('/api/v1/people/rebalance/apply', {
        method: 'POST',
        json: {
          fromStaffId: a.id,
          moves: preview.moves.map((m: AnyJson) => ({ customerId: m.customerId, toStaffId: m.toStaffId })),
          note: 'Anna left; Dora knows the region',
        },
      }),
    );
    expect(applied.moved).toBe(book.length);
    const entry = await t.ctx.db
      .selectFrom('interaction')
      .select('properties')
      .where('customer_id', '=', preview.moves[0].customerId)
      .where('kind', '=', 'profile-update')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(entry.properties).toMatchObject({
      reason: 'rebalanced',
      note: 'Anna left; Dora knows the region',
    });
    // Applying the same moves again is harmless; a stale move (c never owned it) is a 409.
    expect(
      (
        await json(
          await t.api('/api/v1/people/rebalance/apply', {
            method: 'POST',
            json: {
              fromStaffId: a.id,
              moves: [{ customerId: preview.moves[0].customerId, toStaffId: preview.moves[0].toStaffId }],
            },
          }),
        )
      ).moved,
    ).toBe(0);
    await json(
      await t.api('/api/v1/people/rebalance/apply', {
        method: 'POST',
        json: { fromStaffId: c.id, moves: [{ customerId: preview.moves[0].customerId, toStaffId: b.id }] },
      }),
      409,
    );
  });
});

import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AnyJson, startTestApp, type TestApp } from '../../../test/helpers.ts';
import { manualClock } from '../loop/testing/fixtures.ts';
import { addCustomer } from '../loop/testing/team-setup.ts';
import { answerRsvp } from './events/answer-rsvp.ts';
import { grantReward } from './grant-reward.ts';
import { evaluateTiers } from './tiers/evaluate-tiers.ts';
import { mailTierChange } from './tiers/mail-tier-change.ts';

// Every loyalty table that holds a customer's data is in the export, and after erasure none of
// the words about them is left in any loyalty table, while points, tiers and answers stay.

const clock = manualClock('2026-11-17T10:00:00Z');
const V = {
  overrideReason: 'zq override because of the quince-4471 deal',
  consentSource: 'zq said on the phone damson-2290',
  giftNote: 'zq sorry about the blender fig-8812',
  giftRef: 'zq-call-5531',
};
let t: TestApp;
const ok = async (res: Response, what: string): Promise<AnyJson> => {
  if (res.status >= 300) throw new Error(`${what}: ${res.status} ${await res.text()}`);
  return res.json();
};
const post = (path: string, json: unknown, method = 'POST') => t.api(path, { method, json });

beforeAll(async () => {
  t = await startTestApp({ clock });
});
afterAll(async () => {
  await t?.close();
});

/** Loyalty tables' text and JSON columns that contain any of the needles. */
async function loyaltyHits(needles: string[]): Promise<string[]> {
  const cols = await sql<{ table: string; column: string }>`
    select table_name as table, column_name as column from information_schema.columns
    where table_schema = 'public' and table_name like 'loyalty%'
      and data_type in ('text', 'jsonb', 'ARRAY')`.execute(t.ctx.db);
  const like = needles.map((n) => `%${n.toLowerCase()}%`);
  const hits: string[] = [];
  for (const c of cols.rows) {
    const r = await sql<{ n: string }>`select count(*) n from ${sql.table(c.table)}
      where lower(${sql.ref(c.column)}::text) like any(${like}::text[])`.execute(t.ctx.db);
    if (Number(r.rows[0]?.n)) hits.push(`${c.table}.${c.column}`);
  }
  expect(cols.rows.length).toBeGreaterThan(20);
  return hits;
}

describe('loyalty personal data', () => {
  it('exports tier, tier emails, close list, redemptions, gifts and RSVPs, and erasure leaves no words about the customer', async () => {
    const silver = await ok(
      await post('/api/v1/loyalty/tiers', {
        name: 'Silver',
        rank: 1,
        criterion: 'spend',
        currency: 'EUR',
        threshold: 40_000,
        emailSubject: 'Welcome to {{ tier.name }}',
        emailBody: 'Hello {{ customer.firstName }}',
      }),
      'silver',
    );
    await ok(
      await post('/api/v1/loyalty/tiers', {
        name: 'Gold',
        rank: 2,
        criterion: 'spend',
        currency: 'EUR',
        threshold: 50_000,
      }),
      'gold',
    );
    const c = await addCustomer(t, { name: 'Zora Quill', emails: ['zora@pd.example'] });
    await ok(
      await post(
        `/api/v1/outreach/customers/${c}/consent`,
        { cells: [{ channel: 'email', purpose: 'marketing', state: 'refused' }], source: V.consentSource },
        'PUT',
      ),
      'consent',
    );
    await ok(
      await post('/api/v1/events', {
        events: [
          {
            customerId: c,
            source: 'shop',
            sourceId: 'pd-1',
            channel: 'web',
            kind: 'purchase',
            occurredAt: clock.now().toISOString(),
            amount: { minor: 45_000, currency: 'EUR' },
          },
        ],
      }),
      'purchase',
    );
    // Silver at once; 45,000 of Gold's 50,000 puts the customer on the close list.
    await evaluateTiers(t.ctx, { customerIds: [c] });
    const change = await t.ctx.db
      .selectFrom('loyalty_tier_email')
      .select('change_id')
      .where('customer_id', '=', c)
      .executeTakeFirstOrThrow();
    expect((await mailTierChange(t.ctx, { customerId: c, changeId: change.change_id })).status).toBe(
      'skipped',
    );
    await ok(
      await post(
        `/api/v1/loyalty/customers/${c}/tier-override`,
        { tierId: silver.id, until: '2027-06-01T00:00:00Z', reason: V.overrideReason },
        'PUT',
      ),
      'override',
    );

    await grantReward(t.ctx, {
      customerId: c,
      key: 'pd-points',
      points: 500,
      reason: 'welcome',
      source: 'test',
      effectiveAt: clock.now(),
    });
    const discount = await ok(
      await post('/api/v1/loyalty/rewards', { name: 'Ten off', kind: 'discount', points: 100 }),
      'discount',
    );
    const tote = await ok(
      await post('/api/v1/loyalty/rewards', { name: 'Tote', kind: 'gift', points: 0 }),
      'tote',
    );
    const redeemed = await ok(
      await post(`/api/v1/loyalty/customers/${c}/redemptions`, { rewardId: discount.id, key: 'pd-r1' }),
      'redeem',
    );
    await ok(
      await post(`/api/v1/loyalty/customers/${c}/gifts`, {
        rewardId: tote.id,
        key: 'pd-g1',
        from: { kind: 'call', ref: V.giftRef },
        note: V.giftNote,
      }),
      'gift',
    );

    const event = await ok(
      await post('/api/v1/loyalty/events', {
        title: 'Preview night',
        startsAt: '2026-12-01T18:00:00Z',
        endsAt: '2026-12-01T20:00:00Z',
        timeZone: 'Europe/Berlin',
        place: 'The shop',
        capacity: 10,
        points: 0,
      }),
      'event',
    );
    await ok(await post(`/api/v1/loyalty/events/${event.id}`, { status: 'open' }, 'PATCH'), 'open');
    const invitationId = randomUUID();
    await t.ctx.db
      .insertInto('loyalty_event_invitation')
      .values({ id: invitationId, event_id: event.id, customer_id: c, arm: 'treated', status: 'sent' })
      .execute();
    await answerRsvp(t.ctx, invitationId, 'yes');

    const exported = await ok(await t.api(`/api/v1/customers/${c}/export`), 'export');
    const l = exported.loyalty;
    expect(l.tier.membership).toMatchObject({ tier_id: silver.id });
    expect(l.tier.override).toMatchObject({ reason: V.overrideReason });
    expect(l.tier.changes).toHaveLength(1);
    expect(l.tier.emails).toMatchObject([{ status: 'skipped' }]);
    expect(l.tier.emails[0].reason).toContain(V.consentSource);
    expect(l.tier.progress).toMatchObject({ value: 45000, threshold: 50000 });
    expect(l.redemptions).toHaveLength(2);
    expect(l.redemptions.map((r: AnyJson) => r.code)).toContain(redeemed.redemption.code);
    expect(l.redemptions.find((r: AnyJson) => r.channel === 'gift')).toMatchObject({
      note: V.giftNote,
      source_ref: V.giftRef,
    });
    expect(l.events.attendance).toMatchObject([{ event_id: event.id, state: 'confirmed' }]);
    const needles = [...Object.values(V), redeemed.redemption.code as string];
    expect((await loyaltyHits(needles)).length).toBeGreaterThanOrEqual(4);

    const balance = sql<{ p: string }>`select sum(points) p from loyalty_ledger where customer_id = ${c}`;
    const before = (await balance.execute(t.ctx.db)).rows;
    const erased = await ok(
      await post(`/api/v1/customers/${c}`, { reason: 'asked to be forgotten' }, 'DELETE'),
      'erase',
    );
    expect(erased.counts).toMatchObject({ tierOverrides: 1, tierEmails: 1, tierProgress: 1, redemptions: 2 });
    expect(await loyaltyHits(needles)).toEqual([]);

    // What reports count stays: points, membership, the history, the answer.
    expect((await balance.execute(t.ctx.db)).rows).toEqual(before);
    const after = (await ok(await t.api(`/api/v1/customers/${c}/export`), 'export after')).loyalty;
    expect(after.tier.membership).toMatchObject({ tier_id: silver.id });
    expect(after.tier.changes).toHaveLength(1);
    expect(after.tier.progress).toBeNull();
    expect(after.redemptions.map((r: AnyJson) => [r.points, r.note])).toEqual([
      [100, null],
      [0, null],
    ]);
    expect(after.events.attendance).toMatchObject([{ state: 'confirmed' }]);
  });
});

import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AnyJson, createStaffUser, startTestApp, type TestApp } from '../../../test/helpers.ts';
import { startSmtpServer, type TestSmtp } from '../../../test/smtp.ts';
import { createCustomer } from '../customers/index.ts';
import { manualClock } from '../loop/testing/fixtures.ts';
import { setConsent } from '../outreach/index.ts';
import { eraseCustomer, exportCustomerData } from '../privacy/index.ts';
import { sendIntroEmail } from './assignment/send-intro-email.ts';

const clock = manualClock('2026-03-02T10:00:00Z');
let t: TestApp;
let smtp: TestSmtp;
type Rep = { id: string; name: string; email: string };
const reps: Rep[] = [];

beforeAll(async () => {
  smtp = await startSmtpServer();
  t = await startTestApp({ clock, config: { smtpUrl: smtp.url, mailFrom: 'Acme <hello@acme.example>' } });
  for (let i = 0; i < 3; i++) {
    const { staff } = await createStaffUser(t.ctx, 'agent');
    reps.push({ id: staff.id, name: staff.name, email: staff.email });
  }
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

const json = async (res: Response, status = 200): Promise<AnyJson> => {
  const body = await res.text();
  expect(res.status, body).toBe(status);
  return body ? JSON.parse(body) : null;
};

/** A loyalty tier with members, written as loyalty stores them (the rule reads them through tiersOf). */
async function tierWith(name: string, rank: number, customerIds: string[]): Promise<string> {
  const id = uuidv7();
  await t.ctx.db
    .insertInto('loyalty_tier')
    .values({ id, name, rank, criterion: 'tenure', threshold: 0 } as never)
    .execute();
  for (const c of customerIds)
    await t.ctx.db
      .insertInto('loyalty_tier_member')
      .values({ customer_id: c, tier_id: id, since: clock.now(), review_at: clock.now() } as never)
      .execute();
  return id;
}

describe('assignment by loyalty tier', () => {
  it('gives Gold customers to the Gold rep, others to the general rule, and refuses a tier nobody is in', async () => {
    const [gold, general] = reps as [Rep, Rep, Rep];
    const golds = [];
    for (let i = 0; i < 3; i++) golds.push((await createCustomer(t.ctx, { name: `Gold ${i}` })).id);
    const plain = (await createCustomer(t.ctx, { name: 'Plain' })).id;
    const silver = (await createCustomer(t.ctx, { name: 'Silver' })).id;
    const goldTier = await tierWith('Gold', 2, golds);
    await tierWith('Silver', 1, [silver]);
    const emptyTier = await tierWith('Platinum', 3, []);

    const refused = await json(
      await t.api('/api/v1/people/assignment-rules', {
        method: 'POST',
        json: { name: 'Platinum desk', tierIds: [emptyTier], staffIds: [gold.id] },
      }),
      400,
    );
    expect(refused.error.message).toMatch(/matches no customer.*tiers: /);

    const rule = await json(
      await t.api('/api/v1/people/assignment-rules', {
        method: 'POST',
        json: { name: 'Gold desk', tierIds: [goldTier], staffIds: [gold.id] },
      }),
      201,
    );
    expect(rule.tierIds).toEqual([goldTier]);
    await json(
      await t.api('/api/v1/people/assignment-rules', {
        method: 'POST',
        json: { name: 'Everyone else', staffIds: [general.id] },
      }),
      201,
    );
    const run = await json(await t.api('/api/v1/people/assignment-runs', { method: 'POST' }));
    expect(run.byStaff[gold.id]).toBe(3);
    const owners = new Map(
      (await t.ctx.db.selectFrom('customer').select(['id', 'owner_id']).execute()).map((r) => [
        r.id,
        r.owner_id,
      ]),
    );
    for (const g of golds) expect(owners.get(g)).toBe(gold.id);
    expect(owners.get(plain)).toBe(general.id);
    expect(owners.get(silver)).toBe(general.id);
  });
});

describe('introduction email on rebalancing', () => {
  it('queues one email per moved customer in the move, sends it from the new rep, and respects consent', async () => {
    const [from, , to] = reps as [Rep, Rep, Rep];
    const ann = (
      await createCustomer(t.ctx, { name: 'Ann Lee', emails: ['ann@intro.example'], ownerId: from.id })
    ).id;
    const bob = (
      await createCustomer(t.ctx, { name: 'Bob Ray', emails: ['bob@intro.example'], ownerId: from.id })
    ).id;
    await setConsent(t.ctx, {
      customerId: bob,
      cells: [{ purpose: 'service', channel: 'email', state: 'refused' }],
      source: 'phone call',
      recordedBy: 'staff',
    });
    const body = {
      fromStaffId: from.id,
      moves: [
        { customerId: ann, toStaffId: to.id },
        { customerId: bob, toStaffId: to.id },
      ],
      note: 'handover',
      introEmail: {
        subject: 'Hello {{ customer.firstName }}, I am {{ owner.name }}',
        body: 'Dear {{ customer.firstName }},\nI am your new contact.\n{{ owner.signature }}',
      },
    };
    // A template that does not parse moves nobody.
    const bad = await json(
      await t.api('/api/v1/people/rebalance/apply', {
        method: 'POST',
        json: { ...body, introEmail: { subject: 'Hi {{ customer.name | nosuchfilter }}', body: 'x' } },
      }),
      400,
    );
    expect(bad.error.message).toMatch(/subject: the Liquid template does not parse/);
    expect(
      (
        await t.ctx.db
          .selectFrom('customer')
          .select('owner_id')
          .where('id', '=', ann)
          .executeTakeFirstOrThrow()
      ).owner_id,
    ).toBe(from.id);

    expect(
      (await json(await t.api('/api/v1/people/rebalance/apply', { method: 'POST', json: body }))).moved,
    ).toBe(2);
    const intros = await t.ctx.db
      .selectFrom('people_intro_email')
      .selectAll()
      .where('customer_id', 'in', [ann, bob])
      .execute();
    expect(intros).toHaveLength(2);
    // Durable: each delivery is a queued job, committed with the move.
    const jobs = await t.ctx.db
      .withSchema('pgboss')
      .selectFrom('job' as never)
      .select('data' as never)
      .where('name' as never, '=', 'people.send-intro-email' as never)
      .execute();
    expect((jobs as { data: { introId: string } }[]).map((j) => j.data.introId).sort()).toEqual(
      intros.map((i) => i.id).sort(),
    );

    const annIntro = intros.find((i) => i.customer_id === ann) as { id: string };
    const bobIntro = intros.find((i) => i.customer_id === bob) as { id: string };
    expect((await sendIntroEmail(t.ctx, { introId: annIntro.id })).status).toBe('sent');
    const [mail] = await smtp.received(1);
    expect(mail?.to && !Array.isArray(mail.to) && mail.to.text).toBe('ann@intro.example');
    expect(mail?.subject).toBe(`Hello Ann, I am ${to.name}`);
    expect(mail?.text).toContain(`${to.name}\n${to.email}`);
    expect(mail?.replyTo?.text).toBe(to.email);
    expect(mail?.text).toContain('Unsubscribe from these emails');
    // A retried job sends nothing more.
    expect((await sendIntroEmail(t.ctx, { introId: annIntro.id })).status).toBe('sent');
    // Bob refused service email: skipped with the reason, refusal kept, nothing sent.
    const refusedBob = await sendIntroEmail(t.ctx, { introId: bobIntro.id });
    expect(refusedBob.status).toBe('skipped');
    expect(refusedBob.reason).toMatch(/opted out of service messages by email/);
    expect(smtp.messages).toHaveLength(1);
    // The timeline says who introduced themselves.
    const entry = await t.ctx.db
      .selectFrom('interaction')
      .select(['subject', 'channel'])
      .where('customer_id', '=', ann)
      .where('kind', '=', 'rep-introduced')
      .executeTakeFirstOrThrow();
    expect(entry.subject).toBe(`Introduction email from ${to.name}, the new rep`);
  });

  it('skips the introduction when the customer has another owner by the time it is sent', async () => {
    const [from, other, to] = reps as [Rep, Rep, Rep];
    const cid = (await createCustomer(t.ctx, { name: 'Cy', emails: ['cy@intro.example'], ownerId: from.id }))
      .id;
    await json(
      await t.api('/api/v1/people/rebalance/apply', {
        method: 'POST',
        json: {
          fromStaffId: from.id,
          moves: [{ customerId: cid, toStaffId: to.id }],
          introEmail: { subject: 'Hi', body: 'Hello' },
        },
      }),
    );
    await t.ctx.db.updateTable('customer').set({ owner_id: other.id }).where('id', '=', cid).execute();
    const intro = await t.ctx.db
      .selectFrom('people_intro_email')
      .select('id')
      .where('customer_id', '=', cid)
      .executeTakeFirstOrThrow();
    expect(await sendIntroEmail(t.ctx, { introId: intro.id })).toEqual({
      status: 'skipped',
      reason: 'the customer has another owner now',
    });
  });
});

describe('introduction emails and personal data', () => {
  it('exports a customer’s introductions and cancels a pending one on erasure', async () => {
    const [from, , to] = reps as [Rep, Rep, Rep];
    const cid = (
      await createCustomer(t.ctx, { name: 'Dee', emails: ['dee@intro.example'], ownerId: from.id })
    ).id;
    await json(
      await t.api('/api/v1/people/rebalance/apply', {
        method: 'POST',
        json: {
          fromStaffId: from.id,
          moves: [{ customerId: cid, toStaffId: to.id }],
          introEmail: { subject: 'Hi', body: 'Hello' },
        },
      }),
    );
    const [intro] = (await exportCustomerData(t.ctx, cid)).introEmails;
    expect(intro).toMatchObject({ customer_id: cid, status: 'pending', to_staff_id: to.id });
    const erased = await eraseCustomer(t.ctx, cid, { reason: 'asked', by: { kind: 'system', id: null } });
    expect(erased.counts.introEmailsCancelled).toBe(1);
    const sentBefore = smtp.messages.length;
    expect((await sendIntroEmail(t.ctx, { introId: intro?.id as string })).status).toBe('missing');
    expect(smtp.messages).toHaveLength(sentBefore);
  });
});

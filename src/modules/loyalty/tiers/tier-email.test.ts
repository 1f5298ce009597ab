import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AnyJson, startTestApp, type TestApp } from '../../../../test/helpers.ts';
import { startSmtpServer, type TestSmtp } from '../../../../test/smtp.ts';
import { manualClock } from '../../loop/testing/fixtures.ts';
import { addCustomer } from '../../loop/testing/team-setup.ts';
import { mailTierChange, mailTierChangesJob } from './mail-tier-change.ts';

// A customer moving into a tier with a template gets its email over real SMTP, once, through the
// one check and the contact budget; a refused consent is kept with its reason.

const clock = manualClock('2026-11-17T10:00:00Z');
let t: TestApp;
let smtp: TestSmtp;

const buy = (customerId: string, id: string, minor: number) =>
  t.api('/api/v1/events', {
    method: 'POST',
    json: {
      events: [
        {
          customerId,
          source: 'shop',
          sourceId: id,
          channel: 'web',
          kind: 'purchase',
          occurredAt: clock.now().toISOString(),
          amount: { minor, currency: 'EUR' },
        },
      ],
    },
  });
/** Runs what evaluation and mail queued, as a worker would. */
async function runQueued(name: string, handle: (data: never) => Promise<unknown>) {
  const jobs = await sql<{ data: never }>`
    select data from pgboss.job where name = ${name} and state = 'created'`.execute(t.ctx.db);
  for (const j of jobs.rows) await handle(j.data);
  return jobs.rows.map((j) => j.data);
}
const evaluateQueued = async () => {
  const { evaluateCustomerTiersJob } = await import('./tier-jobs.ts');
  await runQueued(evaluateCustomerTiersJob.name, (d) => evaluateCustomerTiersJob.handle(t.ctx, d));
};

beforeAll(async () => {
  smtp = await startSmtpServer();
  t = await startTestApp({ clock, config: { smtpUrl: smtp.url, mailFrom: 'Acme <club@acme.example>' } });
  t.ctx.config.publicUrl = t.url;
  const r = await t.api('/api/v1/loyalty/tiers', {
    method: 'POST',
    json: {
      name: 'Gold',
      rank: 2,
      criterion: 'spend',
      currency: 'EUR',
      threshold: 50_000,
      emailSubject: 'Welcome to {{ tier.name }}, {{ customer.firstName }}',
      emailBody: 'You moved {{ tier.direction }} from {{ tier.previous | default: "no tier" }}.',
    },
  });
  expect(r.status).toBe(201);
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

describe('tier email', () => {
  it('mails the template once on an upgrade, lands on the timeline, and skips a refused consent with its reason', async () => {
    const greta = await addCustomer(t, { name: 'Greta Gold', emails: ['greta@tier.example'] });
    const otto = await addCustomer(t, { name: 'Otto Optout', emails: ['otto@tier.example'] });
    const refused = await t.api(`/api/v1/outreach/customers/${otto}/consent`, {
      method: 'PUT',
      json: { cells: [{ channel: 'email', purpose: 'marketing', state: 'refused' }], source: 'told a rep' },
    });
    expect(refused.status).toBe(200);
    await buy(greta, 'g-1', 60_000);
    await buy(otto, 'o-1', 60_000);
    await evaluateQueued();
    const batches = await runQueued(mailTierChangesJob.name, (d) => mailTierChangesJob.handle(t.ctx, d));
    expect(batches.length).toBeGreaterThan(0);
    // A retried job finds every row done and sends nothing more.
    for (const b of batches as { refs: { customerId: string; changeId: number }[] }[])
      for (const ref of b.refs) expect((await mailTierChange(t.ctx, ref)).status).toBe('not-needed');
    const to = (a: string) => smtp.messages.filter((m) => !Array.isArray(m.to) && m.to?.text === a);
    expect(to('greta@tier.example')).toHaveLength(1);
    expect(to('otto@tier.example')).toHaveLength(0);
    const mail = to('greta@tier.example')[0];
    expect(mail?.subject).toBe('Welcome to Gold, Greta');
    expect(mail?.text).toMatch(/You moved up from no tier\./);
    expect(mail?.headerLines.find((h) => h.key === 'list-unsubscribe')?.line).toMatch(
      /<https?:\/\/.+\/u\/.+>/,
    );
    const rows = await t.ctx.db.selectFrom('loyalty_tier_email').selectAll().execute();
    expect(rows.find((r) => r.customer_id === otto)).toMatchObject({ status: 'skipped' });
    expect(rows.find((r) => r.customer_id === otto)?.reason).toMatch(/opted out/);
    const timeline = (await (
      await t.api(`/api/v1/customers/${greta}/timeline?kind=tier-email`)
    ).json()) as AnyJson;
    expect(timeline.data.map((d: AnyJson) => d.subject)).toEqual(['Welcome to Gold, Greta']);
  });

  it('refuses a template that does not parse, or a subject without a body', async () => {
    const base = { name: 'Silver', rank: 1, criterion: 'spend', currency: 'EUR', threshold: 20_000 };
    const bad = await t.api('/api/v1/loyalty/tiers', {
      method: 'POST',
      json: { ...base, emailSubject: 'Hi', emailBody: 'Hello {{ customer.name | nosuchfilter }}' },
    });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toMatch(/body: the Liquid template does not parse/);
    const half = await t.api('/api/v1/loyalty/tiers', {
      method: 'POST',
      json: { ...base, emailSubject: 'Hi' },
    });
    expect(half.status).toBe(400);
    expect(JSON.stringify(await half.json())).toMatch(/both a subject and a body/);
  });
});

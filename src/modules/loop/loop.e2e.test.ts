import { simpleParser } from 'mailparser';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AnyJson, startTestApp, type TestApp } from '../../../test/helpers.ts';
import { setContactPreference } from '../outreach/index.ts';
import { loopJobs } from './index.ts';
import { sweepCases } from './sweep-cases.ts';
import { manualClock, startReceiver, startSmtp, waitFor } from './testing/fixtures.ts';
import { addCustomer, addStaff, addTeam, ingest, npsAnswer, weekdays } from './testing/team-setup.ts';

// Tuesday 17 November 2026, 19:00 UTC: 20:00 in Paris (Alice is off), 14:00 in New York (Bob is on),
// 04:00 in Tokyo (Carol is off). The Care team covers 08:00–22:00 London time on weekdays.
const clock = manualClock('2026-11-17T19:00:00Z');
let t: TestApp;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let hooks: Awaited<ReturnType<typeof startReceiver>>;
let secret: string;
const staff: Record<string, string> = {};

beforeAll(async () => {
  t = await startTestApp({ clock, config: { webhookAllowPrivate: ['127.0.0.1'] } });
  smtp = await startSmtp();
  hooks = await startReceiver();
  t.ctx.config.smtpUrl = smtp.url;
  staff.manon = await addStaff(t, 'Manon', 'manager', 'Europe/London', null);
  staff.alice = await addStaff(t, 'Alice', 'agent', 'Europe/Paris', weekdays('09:00', '17:00'));
  staff.bob = await addStaff(t, 'Bob', 'agent', 'America/New_York', weekdays('09:00', '17:00'));
  staff.carol = await addStaff(t, 'Carol', 'agent', 'Asia/Tokyo', weekdays('09:00', '17:00'));
  staff.dave = await addStaff(t, 'Dave', 'agent', 'America/Los_Angeles', weekdays('09:00', '17:00'));
  await addTeam(
    t,
    'Care',
    'Europe/London',
    weekdays('08:00', '22:00'),
    [staff.alice, staff.bob, staff.carol],
    staff.manon,
  );
  await addTeam(t, 'Americas', 'America/Los_Angeles', weekdays('08:00', '18:00'), [staff.dave], null);
  const res = await t.api('/api/v1/webhooks', {
    method: 'POST',
    json: { url: hooks.url, description: 'CRM' },
  });
  secret = (await res.json()).secret;
  await t.ctx.queue.work(t.ctx, loopJobs);
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
  await hooks?.close();
});

const caseOf = async (customerId: string) => {
  const list = (await (await t.api(`/api/v1/cases?customerId=${customerId}&status=all`)).json())
    .data as AnyJson[];
  return list;
};

describe('the closed loop, end to end', () => {
  let customerId: string;
  let caseId: string;

  it('turns an NPS 3 from a customer whose owner is off shift into one case for the on-shift teammate', async () => {
    customerId = await addCustomer(t, {
      name: 'Jeanne Martin',
      emails: ['jeanne@example.com'],
      phones: ['+33 6 12 34 56 78'],
      ownerId: staff.alice,
    });
    // She told us on the phone not to call her again.
    await setContactPreference(t.ctx, {
      customerId,
      purpose: '*',
      channel: 'phone',
      allowed: false,
      source: 'phone',
    });
    const answer = npsAnswer(customerId, 3, '2026-11-17T18:59:00Z', {
      comment: 'Late again, and nobody answered my emails.',
    });
    expect((await ingest(t, [{ ...answer, sentiment: -0.7 }])).accepted).toBe(1);
    // The same answer delivered twice by a retrying client is a duplicate and raises nothing.
    expect((await ingest(t, [{ ...answer, sentiment: -0.7 }])).duplicates).toBe(1);

    const kase = await waitFor('the case with both red flags', async () => {
      const [c] = await caseOf(customerId);
      if (!c) return undefined;
      const detail = (await (await t.api(`/api/v1/cases/${c.id}`)).json()) as AnyJson;
      return detail.alerts.length === 2 ? detail : undefined;
    });
    caseId = kase.id;
    expect(await caseOf(customerId)).toHaveLength(1);
    expect(kase).toMatchObject({
      status: 'open',
      severity: 'high',
      priority: 2,
      assigneeId: staff.bob,
      playbookApplied: true,
    });
    expect(kase.alerts.map((a: AnyJson) => a.summary).sort()).toEqual([
      'NPS detractor: NPS 3, "Late again, and nobody answered my emails.", sentiment -0.70',
      'Negative sentiment: NPS 3, "Late again, and nobody answered my emails.", sentiment -0.70',
    ]);
    const assigned = kase.history.find((h: AnyJson) => h.kind === 'assigned');
    expect(assigned.details).toMatchObject({ assigneeId: staff.bob, reason: 'teammate-on-shift' });
    expect(kase.history.map((h: AnyJson) => h.kind)).toEqual(
      expect.arrayContaining(['opened', 'assigned', 'sla-set', 'playbook-started', 'flag-added']),
    );

    // Four business hours of the Care team (London 08:00–22:00): 3 h on Tuesday, 1 h on Wednesday.
    expect(kase.firstContactDueAt).toBe('2026-11-18T09:00:00.000Z');
    // 24 business hours: 3 h Tuesday + 14 h Wednesday + 7 h Thursday.
    expect(kase.resolutionDueAt).toBe('2026-11-19T15:00:00.000Z');

    expect(kase.tasks.map((x: AnyJson) => [x.type, x.channel, x.dueAt])).toEqual([
      // "Call within 24 h" of a case whose first contact is due in 4 business hours is due then,
      // and the goodwill gesture (72 h) by the resolution deadline; the follow-ups keep their days.
      ['call', 'email', '2026-11-18T09:00:00.000Z'],
      ['email', 'email', '2026-11-18T09:00:00.000Z'],
      ['gesture', null, '2026-11-19T15:00:00.000Z'],
      ['survey', 'email', '2026-12-01T19:00:00.000Z'],
      ['check-in', 'email', '2026-12-17T19:00:00.000Z'],
    ]);
    expect(kase.tasks[0].note).toMatch(
      /does not accept phone calls: opted out of service messages by phone calls \(phone, .*\)\. Use email instead/,
    );
    expect(kase.tasks.every((x: AnyJson) => x.assigneeId === staff.bob)).toBe(true);
    // The switch went through outreach's one check, which kept the refusal with its rule.
    const refusals = await (await t.api(`/api/v1/outreach/customers/${customerId}/refusals`)).json();
    expect(refusals.data).toContainEqual(
      expect.objectContaining({ rule: 'consent:service/phone', reference: `case:${kase.id}:step:0` }),
    );
  });

  it('emails the assignee over SMTP and sends a Standard Webhooks-signed webhook', async () => {
    const mail = await waitFor('the email to Bob', async () =>
      smtp.mails.find((m) => m.raw.includes('New case for you')),
    );
    expect(mail.raw).toMatch(/Jeanne Martin/);
    // The deadline in Bob's own time zone (New York), and a link straight to the case.
    const text = (await simpleParser(mail.raw)).text ?? '';
    expect(text).toContain('First contact due Wed, 18 Nov 2026, 04:00 (America/New_York).');
    expect(text).toContain(`Open the case: ${t.ctx.config.publicUrl}/my-work/cases/${caseId}`);
    const bob = (await (await t.api('/api/v1/staff')).json()).data.find((s: AnyJson) => s.id === staff.bob);
    expect(mail.to).toBe(bob.email);

    const hook = await waitFor('the case.opened webhook', async () =>
      hooks.received.find((h) => h.body.includes('"case.opened"')),
    );
    const verified = new Webhook(secret).verify(hook.body, hook.headers) as AnyJson;
    expect(verified).toMatchObject({
      type: 'case.opened',
      data: { caseId, customerId, assigneeId: staff.bob, priority: 2, routing: 'teammate-on-shift' },
    });
    expect(() =>
      new Webhook(secret).verify(hook.body.replace('case.opened', 'case.hacked'), hook.headers),
    ).toThrow();
  });

  it('warns before the first-contact deadline and escalates to the manager at breach', async () => {
    clock.set('2026-11-18T08:30:00Z'); // past the warning (75 % = 180 business minutes, Tuesday 22:00)
    expect((await sweepCases(t.ctx)).slaEvents).toBeGreaterThanOrEqual(1);
    clock.set('2026-11-18T09:01:00Z');
    await sweepCases(t.ctx);
    await sweepCases(t.ctx); // a second sweep adds nothing
    const kase = (await (await t.api(`/api/v1/cases/${caseId}`)).json()) as AnyJson;
    const kinds = kase.history.map((h: AnyJson) => h.kind);
    expect(kinds.filter((k: string) => k === 'sla-warning')).toHaveLength(1);
    expect(kinds.filter((k: string) => k === 'sla-breach')).toHaveLength(1);
    expect(kase.history.find((h: AnyJson) => h.kind === 'escalated').details).toMatchObject({
      to: staff.manon,
      toName: 'Manon',
      clock: 'first-contact',
    });
    expect(kase.overdue).toBe(true);
    expect(kase.escalatedAt).toBe('2026-11-18T09:01:00.000Z');
    const manonMail = await waitFor('the escalation email', async () =>
      smtp.mails.find((m) => m.raw.includes('Escalated to you')),
    );
    expect(manonMail.raw).toMatch(/Jeanne Martin/);
  });

  it('completes a task by logging the interaction on the timeline, which is the first contact', async () => {
    clock.set('2026-11-18T10:00:00Z');
    const kase = (await (await t.api(`/api/v1/cases/${caseId}`)).json()) as AnyJson;
    const call = kase.tasks[0];
    const res = await t.api(`/api/v1/tasks/${call.id}/complete`, {
      method: 'POST',
      json: { note: 'Apologised; a new parcel leaves today.' },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'done', interaction: `loop:task:${call.id}` });
    const timeline = (await (
      await t.api(`/api/v1/customers/${customerId}/timeline?kind=email`)
    ).json()) as AnyJson;
    expect(timeline.data[0]).toMatchObject({
      kind: 'email',
      direction: 'outbound',
      source: 'loop',
      properties: { loopTaskId: call.id },
    });
    const after = (await (await t.api(`/api/v1/cases/${caseId}`)).json()) as AnyJson;
    expect(after.firstContactAt).toBe('2026-11-18T10:00:00.000Z');
    expect(after.history.filter((h: AnyJson) => h.kind === 'first-contact')).toHaveLength(1);
  });

  it('resolves with outcome and root cause, links the follow-up answer, and the report counts it', async () => {
    clock.set('2026-11-18T15:00:00Z');
    const bad = await t.api(`/api/v1/cases/${caseId}/resolve`, {
      method: 'POST',
      json: { outcome: 'saved', rootCauses: ['weather'] },
    });
    expect(bad.status).toBe(400);
    const res = await t.api(`/api/v1/cases/${caseId}/resolve`, {
      method: 'POST',
      json: { outcome: 'saved', rootCauses: ['delivery'], note: 'Re-shipped with express.' },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      status: 'resolved',
      outcome: 'saved',
      rootCauses: ['delivery'],
    });

    // Two weeks later she answers the follow-up survey sent for the case (its answers carry the
    // case id): 9 — fixed. A quarterly NPS answer a minute earlier is not that answer.
    clock.set('2026-12-02T10:00:00Z');
    await ingest(t, [
      { ...npsAnswer(customerId, 8, '2026-12-02T09:58:00Z', { surveyId: 'quarterly' }), sourceId: 'q4-1' },
      { ...npsAnswer(customerId, 9, '2026-12-02T09:59:00Z', { caseId }), sourceId: 'follow-up-1' },
    ]);
    const linked = await waitFor('the follow-up link', async () => {
      const c = (await (await t.api(`/api/v1/cases/${caseId}`)).json()) as AnyJson;
      return c.followUp ? c : undefined;
    });
    expect(linked.followUp).toMatchObject({ type: 'nps', score: 9, at: '2026-12-02T09:59:00.000Z' });
    expect(linked.history.filter((h: AnyJson) => h.kind === 'follow-up-linked')).toHaveLength(1);
    expect(linked.history.find((h: AnyJson) => h.kind === 'follow-up-linked').details.fixed).toBe(true);
    expect((await caseOf(customerId)).length).toBe(1); // a promoter answer raises nothing

    const report = (await (
      await t.api('/api/v1/loop/report?from=2026-11-01T00:00:00Z&to=2026-12-31T00:00:00Z')
    ).json()) as AnyJson;
    expect(report.cases).toBe(1);
    expect(report.rows).toEqual([
      expect.objectContaining({
        rootCause: 'delivery',
        playbook: 'detractor-recovery',
        playbookApplied: true,
        cases: 1,
        firstContact: { contacted: 1, medianMinutes: 900, meanMinutes: 900 },
        sla: { firstContactMet: 0, resolutionMet: 1, compliance: 0 },
        outcomes: { saved: 1 },
        saveRate: 1,
      }),
    ]);
  });

  it('follows the sun to another team when the owner’s whole team is off', async () => {
    // Tuesday 23:30 UTC: 15:30 in Los Angeles (Dave on); everyone in Care is off.
    clock.set('2026-11-17T23:30:00Z');
    const other = await addCustomer(t, {
      name: 'Ada Park',
      emails: ['ada@example.com'],
      ownerId: staff.alice,
    });
    await ingest(t, [npsAnswer(other, 1, '2026-11-17T23:29:00Z')]);
    const [c] = await waitFor('the follow-the-sun case', async () => {
      const list = await caseOf(other);
      return list.length ? list : undefined;
    });
    expect(c).toMatchObject({ assigneeId: staff.dave, priority: 2 });
    const detail = (await (await t.api(`/api/v1/cases/${c.id}`)).json()) as AnyJson;
    expect(detail.history.find((h: AnyJson) => h.kind === 'assigned').details.reason).toBe('follow-the-sun');
  });

  it('queues a case that arrives outside all coverage for the next team on shift', async () => {
    // Saturday noon UTC: nobody works. Carol (Tokyo, Care) starts first: Monday 09:00 JST = 00:00 UTC.
    clock.set('2026-11-21T12:00:00Z');
    const late = await addCustomer(t, {
      name: 'Kenji Sato',
      emails: ['kenji@example.com'],
      ownerId: staff.alice,
    });
    await ingest(t, [npsAnswer(late, 0, '2026-11-21T11:59:00Z')]);
    const [c] = await waitFor('the queued case', async () => {
      const list = await caseOf(late);
      return list.length ? list : undefined;
    });
    expect(c).toMatchObject({ assigneeId: null, queuedUntil: '2026-11-23T00:00:00.000Z' });
    clock.set('2026-11-23T00:01:00Z');
    expect((await sweepCases(t.ctx)).assigned).toBe(1);
    const [after] = await caseOf(late);
    expect(after).toMatchObject({ assigneeId: staff.carol, queuedUntil: null });
  });

  it('takes only the answer to the case’s own follow-up survey as its result, not a second detractor', async () => {
    clock.set('2026-11-24T10:00:00Z'); // Tuesday: Alice is on shift in Paris
    const who = await addCustomer(t, {
      name: 'Rosa Díaz',
      emails: ['rosa@example.com'],
      ownerId: staff.alice,
    });
    await ingest(t, [npsAnswer(who, 2, '2026-11-24T09:59:00Z')]);
    const [opened] = await waitFor('the detractor case', async () => {
      const list = await caseOf(who);
      return list.length ? list : undefined;
    });
    // Seconds later she answers again, still angry: another red flag on the same case.
    clock.set('2026-11-24T10:00:20Z');
    await ingest(t, [npsAnswer(who, 1, '2026-11-24T10:00:10Z')]);
    const joined = await waitFor('the second flag', async () => {
      const c = (await (await t.api(`/api/v1/cases/${opened.id}`)).json()) as AnyJson;
      return c.alerts.length === 2 ? c : undefined;
    });
    expect(joined.followUp).toBeNull();
    expect(joined.tasks.find((x: AnyJson) => x.type === 'survey').status).toBe('open');
    expect(joined.history.map((h: AnyJson) => h.kind)).not.toContain('follow-up-linked');

    // The answer to the survey sent for this case is the result.
    clock.set('2026-12-08T10:00:00Z');
    await ingest(t, [npsAnswer(who, 9, '2026-12-08T09:00:00Z', { caseId: opened.id })]);
    const linked = await waitFor('the follow-up link', async () => {
      const c = (await (await t.api(`/api/v1/cases/${opened.id}`)).json()) as AnyJson;
      return c.followUp ? c : undefined;
    });
    expect(linked.followUp).toMatchObject({ score: 9, at: '2026-12-08T09:00:00.000Z' });
    expect(linked.tasks.find((x: AnyJson) => x.type === 'survey').status).toBe('done');
  });
});

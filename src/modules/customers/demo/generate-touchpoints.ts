import { DAY_MS } from '../../../kernel/clock.ts';
import type { NewInteraction } from '../record-interactions.ts';
import { toMinorUnits } from '../segment/money.ts';
import { createRng, seedOf } from './create-rng.ts';
import { type DemoProfile, generateProfile } from './generate-profile.ts';
import type { CdnowCustomer } from './read-cdnow-customers.ts';

/** Purchases keep the ids `tenure import` would give the same rows; made-up touchpoints get their own source. */
export const DEMO_PURCHASE_SOURCE = 'demo-cdnow';
export const DEMO_GENERATED_SOURCE = 'demo';
export const DEMO_ID_SOURCE = 'demo';

const HOUR_MS = 3_600_000;
// Standard-time offsets: a purchase an hour off in summer does not matter to a demo.
const UTC_OFFSET_HOURS: Record<string, number> = {
  'America/New_York': 5,
  'America/Chicago': 6,
  'America/Denver': 7,
  'America/Phoenix': 7,
  'America/Los_Angeles': 8,
};

const TICKETS = [
  {
    subject: 'Order arrived with a cracked case',
    sentiment: -0.4,
    reply: 'A new copy ships today; keep the old one.',
  },
  {
    subject: 'Wrong album in my package',
    sentiment: -0.6,
    reply: 'Sorry! The right album ships today by express.',
  },
  {
    subject: 'Where is my order?',
    sentiment: -0.5,
    reply: 'It left our warehouse yesterday; tracking is in this email.',
  },
  {
    subject: 'Charged twice for one order',
    sentiment: -0.8,
    reply: 'The duplicate charge is refunded; it shows in 3 days.',
  },
  {
    subject: 'Disc skips on track 4',
    sentiment: -0.5,
    reply: 'We are sending a replacement disc at no charge.',
  },
  {
    subject: 'How do I change my shipping address?',
    sentiment: -0.1,
    reply: 'Done: future orders go to the new address.',
  },
];
const PAGES = [
  'Browsed new releases',
  'Listened to sound clips',
  'Searched for an artist',
  'Viewed the jazz catalogue',
  'Read album reviews',
  'Checked order status',
  'Viewed the charts',
];
const THANK_YOU_NOTES = [
  'Thanked them for their orders; they would like early notice of box sets.',
  'Thank-you call. Happy with delivery times; asked about classical recommendations.',
  'Thanked them; mentioned the gift certificates for the holidays.',
];

export type TouchpointOptions = {
  seed: number;
  /** Added to every CDNOW date so the latest purchase lands just before `now`. */
  shiftMs: number;
  now: Date;
  /** Reps who make calls and answer tickets; each customer gets one as their personal rep. */
  agentIds: readonly string[];
};

/**
 * Everything one CDNOW customer did, plus what a retention team would plausibly have around it:
 * a welcome email after the first purchase, site visits before some purchases, support tickets
 * for a few with the rep's reply, thank-you calls for the best customers, win-back emails for
 * those who stopped buying. Seeded per customer: the same customer always gets the same story,
 * and the ids are stable, so loading twice stores nothing twice. Nothing is dated after `now`.
 */
export function generateTouchpoints(
  c: CdnowCustomer,
  o: TouchpointOptions,
): { profile: DemoProfile; items: NewInteraction[] } {
  const rng = createRng(seedOf(o.seed, c.externalId));
  const profile = generateProfile(rng, c.externalId);
  const rep = o.agentIds.length ? rng.pick(o.agentIds) : null;
  const offset = UTC_OFFSET_HOURS[profile.timeZone] ?? 5;
  const now = o.now.getTime();
  const localTime = (day: Date, hour: number) =>
    day.getTime() + o.shiftMs + (hour + offset) * HOUR_MS + rng.int(0, 59) * 60_000;
  const customer = {
    source: DEMO_ID_SOURCE,
    externalId: c.externalId,
    traits: {
      name: profile.name,
      emails: [profile.email],
      phones: [profile.phone],
      timeZone: profile.timeZone,
    },
  };
  const items: NewInteraction[] = [];
  const add = (at: number, it: Omit<NewInteraction, 'customer' | 'source' | 'occurredAt'>) => {
    if (at <= now) items.push({ customer, source: DEMO_GENERATED_SOURCE, occurredAt: new Date(at), ...it });
  };

  const bought = c.purchases.map((p) => {
    // Shoppers buy in the daytime and evening; the last day's evening may still be ahead of us.
    const at = Math.min(localTime(p.day, rng.int(8, 22)), now - 60_000);
    items.push({
      customer,
      source: DEMO_PURCHASE_SOURCE,
      sourceId: p.sourceId,
      occurredAt: new Date(at),
      channel: 'web',
      kind: 'purchase',
      direction: 'inbound',
      amountMinor: toMinorUnits(p.dollars, 'USD'),
      currency: 'USD',
      subject: `${p.cds} CD${p.cds === 1 ? '' : 's'}`,
      properties: { cds: p.cds },
    });
    return at;
  });
  const first = bought[0] ?? now;
  const last = bought.at(-1) ?? now;
  const id = c.externalId;

  add(first + rng.int(20, 180) * 60_000, {
    sourceId: `welcome-${id}`,
    channel: 'email',
    kind: 'email',
    direction: 'outbound',
    subject: `Welcome, ${profile.firstName}! Your first order is on its way`,
  });

  bought.forEach((at, i) => {
    if (!rng.chance(0.4)) return;
    for (let v = 0, n = rng.int(1, 2); v < n; v++) {
      add(at - rng.int(1, 96) * HOUR_MS, {
        sourceId: `visit-${id}-${i}-${v}`,
        channel: 'web',
        kind: 'visit',
        direction: 'inbound',
        subject: rng.pick(PAGES),
      });
    }
  });

  if (rng.chance(0.07)) {
    const ticket = rng.pick(TICKETS);
    const opened = (rng.pick(bought) ?? first) + rng.int(24, 144) * HOUR_MS;
    const channel = rng.pick(['email', 'web', 'chat'] as const);
    add(opened, {
      sourceId: `ticket-${id}`,
      channel,
      kind: 'ticket',
      direction: 'inbound',
      subject: ticket.subject,
      sentiment: ticket.sentiment,
    });
    const replied = opened + rng.int(1, 20) * HOUR_MS;
    add(replied, {
      sourceId: `ticket-reply-${id}`,
      channel: 'email',
      kind: 'email',
      direction: 'outbound',
      staffId: rep,
      subject: `Re: ${ticket.subject}`,
      body: ticket.reply,
    });
    if (rng.chance(0.3)) {
      add(replied + rng.int(24, 72) * HOUR_MS, {
        sourceId: `ticket-call-${id}`,
        channel: 'phone',
        kind: 'call',
        direction: 'outbound',
        staffId: rep,
        subject: 'Follow-up call',
        body: 'Called to check the problem is solved. It is; thanked us for the quick fix.',
        sentiment: 0.6,
      });
    }
  }

  const spend = c.purchases.reduce((sum, p) => sum + p.dollars, 0);
  const best = c.purchases.length >= 8 || spend >= 300;
  if (best && rng.chance(0.5)) {
    const answered = rng.chance(0.6);
    add((rng.pick(bought.slice(1)) ?? last) + rng.int(2, 10) * DAY_MS, {
      sourceId: `thanks-call-${id}`,
      channel: 'phone',
      kind: 'call',
      direction: 'outbound',
      staffId: rep,
      subject: answered ? 'Thank-you call' : 'Thank-you call: left a voicemail',
      body: answered ? rng.pick(THANK_YOU_NOTES) : null,
      sentiment: answered ? 0.7 : null,
    });
  }
  if (rng.chance(0.03)) {
    add((rng.pick(bought) ?? first) + rng.int(1, 30) * DAY_MS, {
      sourceId: `inbound-call-${id}`,
      channel: 'phone',
      kind: 'call',
      direction: 'inbound',
      staffId: rep,
      subject: rng.pick([
        'Question about gift certificates',
        'Asked about a pre-order',
        'Wanted to cancel an order',
      ]),
    });
  }

  // Quiet for four months: marketing tries to win them back, and a few come to look around.
  const quietFrom = last + 120 * DAY_MS;
  if (quietFrom < now && rng.chance(0.4)) {
    add(quietFrom + rng.next() * (now - quietFrom), {
      sourceId: `winback-${id}`,
      channel: 'email',
      kind: 'email',
      direction: 'outbound',
      subject: `We miss you, ${profile.firstName}: 15% off your next order`,
    });
  }
  if (quietFrom < now && rng.chance(0.1)) {
    add(now - rng.int(1, 60) * DAY_MS, {
      sourceId: `late-visit-${id}`,
      channel: 'web',
      kind: 'visit',
      direction: 'inbound',
      subject: rng.pick(PAGES),
    });
  }
  return { profile, items };
}

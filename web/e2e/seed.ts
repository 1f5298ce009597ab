import type { TestApp } from '../../test/helpers.ts';

/** A small seeded PRNG (mulberry32): the same seed gives the same customers on every run. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)] as T,
  };
}

const firstNames = [
  'Ada',
  'Alan',
  'Barbara',
  'Claude',
  'Dorothy',
  'Edsger',
  'Frances',
  'Grace',
  'Hedy',
  'Ivan',
  'Joan',
  'Ken',
  'Katherine',
  'Linus',
  'Mary',
  'Niklaus',
  'Radia',
  'Sophie',
  'Tim',
  'Yukihiro',
];
const lastNames = [
  'Lovelace',
  'Turing',
  'Liskov',
  'Shannon',
  'Vaughan',
  'Dijkstra',
  'Allen',
  'Hopper',
  'Lamarr',
  'Sutherland',
  'Clarke',
  'Thompson',
  'Johnson',
  'Torvalds',
  'Keller',
  'Wirth',
  'Perlman',
  'Wilson',
  'Berners-Lee',
  'Matsumoto',
];
const zones = [
  'Europe/London',
  'Europe/Paris',
  'America/New_York',
  'America/Chicago',
  'Asia/Tokyo',
  'Australia/Sydney',
];
const products = [
  'Espresso machine',
  'Coffee beans, 1 kg',
  'Grinder',
  'Milk frother',
  'Descaler pack',
  'Barista course',
];
const callTopics = [
  'Check-in call',
  'Asked about delivery times',
  'Question about the warranty',
  'Follow-up on the repair',
  'Renewal reminder',
];
const ticketTopics = [
  'Machine leaks water',
  'Late delivery',
  'Wrong beans delivered',
  'Invoice address wrong',
];

type Event = Record<string, unknown>;
const DAY = 86_400_000;

/** Touchpoints for one customer over about two years, in the shape of the batch ingest API. */
function eventsFor(ext: string, n: number, r: ReturnType<typeof rng>, now: number): Event[] {
  const out: Event[] = [];
  for (let j = 0; j < n; j++) {
    const at = new Date(now - r.int(1, 700) * DAY - r.int(0, 86_399) * 1000).toISOString();
    const roll = r.next();
    const base = { externalId: ext, idSource: 'shop', sourceId: `${ext}-${j}`, occurredAt: at };
    if (roll < 0.45) {
      out.push({
        ...base,
        source: 'shop',
        channel: 'web',
        kind: 'purchase',
        amount: { minor: r.int(5, 400) * 100 + r.pick([0, 50, 99]), currency: 'EUR' },
        subject: r.pick(products),
      });
    } else if (roll < 0.65) {
      out.push({
        ...base,
        source: 'crm',
        channel: 'phone',
        kind: 'call',
        direction: r.pick(['inbound', 'outbound']),
        subject: r.pick(callTopics),
        sentiment: r.pick([-0.6, 0, 0.4, 0.8]),
      });
    } else if (roll < 0.82) {
      out.push({
        ...base,
        source: 'crm',
        channel: 'email',
        kind: 'email',
        direction: 'outbound',
        subject: 'Your monthly newsletter',
      });
    } else if (roll < 0.92) {
      out.push({
        ...base,
        source: 'pos',
        channel: 'in-person',
        kind: 'visit',
        subject: 'Visited the Camden store',
      });
    } else {
      out.push({
        ...base,
        source: 'helpdesk',
        channel: 'chat',
        kind: 'ticket',
        subject: r.pick(ticketTopics),
        sentiment: r.pick([-0.8, -0.4, 0.2]),
      });
    }
  }
  return out;
}

async function ingest(t: TestApp, events: Event[]): Promise<void> {
  for (let i = 0; i < events.length; i += 1000) {
    const res = await t.api('/api/v1/events', {
      method: 'POST',
      json: { events: events.slice(i, i + 1000) },
    });
    const body = await res.json();
    if (res.status !== 200 || body.rejected.length) {
      throw new Error(`seeding failed: ${res.status} ${JSON.stringify(body).slice(0, 500)}`);
    }
  }
}

export type Seeded = { showcaseId: string; showcasePhone: string };

/**
 * Seeds `customers` generated customers with 10–60 touchpoints each, plus one showcase customer,
 * Margaret Hamilton, owned by `ownerId`, with a full profile and a story on her timeline.
 */
export async function seedCustomers(
  t: TestApp,
  opts: { customers: number; ownerId: string },
): Promise<Seeded> {
  const r = rng(42);
  const now = Date.now();
  let batch: Event[] = [];
  for (let i = 0; i < opts.customers; i++) {
    const first = r.pick(firstNames);
    const last = r.pick(lastNames);
    const ext = `C-${String(10_000 + i)}`;
    const events = eventsFor(ext, r.int(10, 60), r, now);
    const first0 = events[0] as Event;
    first0.traits = {
      name: `${first} ${last}`,
      emails: [`${first}.${last}.${i}@example.com`.toLowerCase()],
      phones: [`+44 20 7946 ${String(1000 + (i % 9000)).padStart(4, '0')}`],
      timeZone: r.pick(zones),
    };
    batch.push(...events);
    if (batch.length >= 5000) {
      await ingest(t, batch);
      batch = [];
    }
  }
  const showcasePhone = '+44 20 7946 0018';
  const story: Event[] = [
    {
      days: 620,
      source: 'shop',
      channel: 'web',
      kind: 'purchase',
      subject: 'Espresso machine',
      amount: { minor: 54900, currency: 'EUR' },
    },
    {
      days: 540,
      source: 'crm',
      channel: 'phone',
      kind: 'call',
      direction: 'outbound',
      subject: 'Welcome call',
      sentiment: 0.8,
      body: 'Loves the machine. Asked for tips on milk frothing.',
    },
    {
      days: 400,
      source: 'shop',
      channel: 'web',
      kind: 'purchase',
      subject: 'Coffee beans, 1 kg',
      amount: { minor: 2450, currency: 'EUR' },
    },
    {
      days: 210,
      source: 'helpdesk',
      channel: 'chat',
      kind: 'ticket',
      subject: 'Machine leaks water',
      sentiment: -0.7,
      body: 'Water under the machine after each use. Sent a replacement seal.',
    },
    {
      days: 190,
      source: 'crm',
      channel: 'phone',
      kind: 'call',
      direction: 'outbound',
      subject: 'Follow-up on the repair',
      sentiment: 0.5,
      body: 'Seal fixed it. Happy again.',
    },
    {
      days: 45,
      source: 'pos',
      channel: 'in-person',
      kind: 'visit',
      subject: 'Barista course in the Camden store',
      sentiment: 0.9,
    },
    {
      days: 12,
      source: 'shop',
      channel: 'web',
      kind: 'purchase',
      subject: 'Grinder',
      amount: { minor: 18900, currency: 'EUR' },
    },
  ].map(({ days, ...e }, j) => ({
    ...e,
    externalId: 'MH-1969',
    idSource: 'shop',
    sourceId: `MH-1969-${j}`,
    occurredAt: new Date(now - days * DAY).toISOString(),
  }));
  (story[0] as Event).traits = {
    name: 'Margaret Hamilton',
    emails: ['margaret.hamilton@example.com'],
    phones: [showcasePhone],
    timeZone: 'Europe/London',
  };
  await ingest(t, [...batch, ...story]);

  const found = await (await t.api('/api/v1/customers?externalId=MH-1969')).json();
  const showcaseId: string = found.data[0].id;
  const patch = await t.api(`/api/v1/customers/${showcaseId}`, {
    method: 'PATCH',
    json: {
      ownerId: opts.ownerId,
      lifecycleStage: 'loyal',
      address: { line1: '12 Apollo Road', city: 'London', postalCode: 'NW1 8AB', country: 'GB' },
    },
  });
  if (patch.status !== 200) throw new Error(`seeding the showcase failed: ${await patch.text()}`);

  // A realistic list: some customers have lapsed or left, some have a personal rep.
  const page = await (await t.api('/api/v1/customers?limit=40')).json();
  for (const [i, c] of (page.data as { id: string }[]).entries()) {
    const change =
      i % 7 === 3
        ? { status: 'lapsed' }
        : i % 11 === 5
          ? { status: 'churned' }
          : i % 4 === 1
            ? { ownerId: opts.ownerId }
            : null;
    if (!change || c.id === showcaseId) continue;
    const res = await t.api(`/api/v1/customers/${c.id}`, { method: 'PATCH', json: change });
    if (res.status !== 200) throw new Error(`seeding failed: ${await res.text()}`);
  }
  return { showcaseId, showcasePhone };
}

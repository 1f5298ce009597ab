import { sql } from 'kysely';
import type { Ctx } from '../../../kernel/context.ts';
import { outcomesAfter } from '../../customers/index.ts';
import {
  buildUpliftReport,
  compareProportions,
  type Difference,
  type ProgramUplift,
} from '../../outreach/index.ts';
import { getEvent } from './get-event.ts';

export type Cohort = {
  customers: number;
  active30: number | null;
  active90: number | null;
  purchased90: number | null;
  revenue90: number | null;
};
export type EventReport = {
  eventId: string;
  counts: {
    invited: number;
    heldOut: number;
    sent: number;
    skipped: number;
    rsvpYes: number;
    rsvpNo: number;
    waitlisted: number;
    cancelled: number;
    attended: number;
  };
  retention: {
    attendees: Cohort;
    invitees: Cohort;
    heldOut: Cohort;
    /** attendees − held-out invitees, still active after 30 and 90 days (share, 95% interval) */
    attendeesVsHeldOut: { active30: Difference | null; active90: Difference | null };
  };
  /** invitees (treated) vs held-out, as outreach reports every program */
  uplift: ProgramUplift | null;
};

type Row = {
  cohort: string;
  n: number;
  n30: number;
  a30: number;
  n90: number;
  a90: number;
  p90: number;
  r90: number;
};
const share = (k: number, n: number) => (n ? k / n : null);

/**
 * Counts and later retention of one event. Invitees vs held-out invitees is outreach's uplift
 * report for the event's program (Welch, CUPED); attendees are a self-selected subset, so their
 * comparison with the held-out invitees is shown beside it as a plain difference of shares.
 * Outcomes count from the moment each customer became eligible (assignment) and only once their
 * 30- or 90-day window has passed.
 */
export async function buildEventReport(
  ctx: Pick<Ctx, 'db' | 'clock'>,
  eventId: string,
  currency: string,
): Promise<EventReport> {
  const event = await getEvent(ctx, eventId);
  const now = ctx.clock.now().toISOString();
  const counts = (
    await sql<Record<keyof EventReport['counts'], number>>`
    select
      (select count(*)::int from loyalty_event_invitation where event_id = ${eventId} and arm = 'treated') as invited,
      (select count(*)::int from loyalty_event_invitation where event_id = ${eventId} and arm <> 'treated') as "heldOut",
      (select count(*)::int from loyalty_event_invitation where event_id = ${eventId} and status = 'sent') as sent,
      (select count(*)::int from loyalty_event_invitation where event_id = ${eventId} and status in ('skipped', 'failed')) as skipped,
      count(*) filter (where state = 'confirmed')::int as "rsvpYes",
      count(*) filter (where state = 'declined')::int as "rsvpNo",
      count(*) filter (where state = 'waitlisted')::int as waitlisted,
      count(*) filter (where state = 'cancelled')::int as cancelled,
      count(*) filter (where checked_in_at is not null)::int as attended
    from loyalty_event_attendee where event_id = ${eventId}`.execute(ctx.db)
  ).rows[0] as EventReport['counts'];
  const cohortSource = sql`select case when i.arm <> 'treated' then 'held-out'
        when a.checked_in_at is not null then 'attendee' else 'invitee' end as cohort,
      i.customer_id, i.created_at as eligible_at
    from loyalty_event_invitation i
    left join loyalty_event_attendee a on a.event_id = i.event_id and a.customer_id = i.customer_id
    where i.event_id = ${eventId} and i.arm <> 'global-control'`;
  const matured = (d: number) =>
    sql`o.eligible_at + make_interval(days => ${sql.lit(d)}) <= ${now}::timestamptz`;
  const { rows } = await sql<Row>`
    select o.cohort, count(*)::int as n,
      count(*) filter (where ${matured(30)})::int as n30,
      count(*) filter (where ${matured(30)} and o.active_30)::int as a30,
      count(*) filter (where ${matured(90)})::int as n90,
      count(*) filter (where ${matured(90)} and o.active_90)::int as a90,
      count(*) filter (where ${matured(90)} and o.purchased_90)::int as p90,
      coalesce(sum(o.revenue_90) filter (where ${matured(90)}), 0)::float8 as r90
    from (${outcomesAfter(cohortSource, currency)}) o group by o.cohort`.execute(ctx.db);
  const pick = (names: string[]) => {
    const rs = rows.filter((r) => names.includes(r.cohort));
    const sum = (k: keyof Row) => rs.reduce((s, r) => s + Number(r[k]), 0);
    return {
      n: sum('n'),
      n30: sum('n30'),
      a30: sum('a30'),
      n90: sum('n90'),
      a90: sum('a90'),
      p90: sum('p90'),
      r90: sum('r90'),
    };
  };
  const cohort = (names: string[]): Cohort => {
    const c = pick(names);
    return {
      customers: c.n,
      active30: share(c.a30, c.n30),
      active90: share(c.a90, c.n90),
      purchased90: share(c.p90, c.n90),
      revenue90: c.n90 ? c.r90 / c.n90 : null,
    };
  };
  const att = pick(['attendee']);
  const held = pick(['held-out']);
  const [uplift] = await buildUpliftReport(ctx, { programIds: [event.programId], currency });
  return {
    eventId,
    counts,
    retention: {
      attendees: cohort(['attendee']),
      invitees: cohort(['attendee', 'invitee']),
      heldOut: cohort(['held-out']),
      attendeesVsHeldOut: {
        active30: compareProportions(
          { n: att.n30, successes: att.a30 },
          { n: held.n30, successes: held.a30 },
        ),
        active90: compareProportions(
          { n: att.n90, successes: att.a90 },
          { n: held.n90, successes: held.a90 },
        ),
      },
    },
    uplift: uplift ?? null,
  };
}

import { v7 as uuidv7 } from 'uuid';
import type { Ctx } from '../../../kernel/context.ts';
import { AppError } from '../../../kernel/errors.ts';
import { checkContact } from '../check-contact.ts';
import { getContactHours } from '../get-consent.ts';
import type { Arm } from '../tables.ts';
import { assignArms } from '../uplift/assign-arm.ts';
import { dueWindow, localInstant } from './due-window.ts';
import { getCallList } from './get-call-list.ts';
import { type RankedMember, rankMembers, whyOf } from './rank-members.ts';
import type { BuildSummary, CheckInChannel } from './tables.ts';

type Trx = Ctx['db'];
type Channel = { channel: CheckInChannel | null; insteadReason: string | null };

/** Whether the customer has an address for the channel at all. */
const reachable = (m: RankedMember, c: CheckInChannel) =>
  c === 'email' ? !!m.email : c === 'post' ? m.hasAddress : !!m.phone;

/**
 * The check-in's channel: a phone call when the one check allows it at the planned time, else the
 * next channel it allows (email, SMS, post), saying why ("no phone calls: email instead (opted
 * out…)"). Every refusal is recorded by the check under the list and day.
 */
async function chooseChannel(
  ctx: { db: Trx; clock: Ctx['clock'] },
  m: RankedMember,
  reference: string,
  at: Date,
) {
  const refusals: string[] = [];
  for (const channel of ['phone', 'email', 'sms', 'post'] as const) {
    if (!reachable(m, channel)) {
      refusals.push(
        `no ${channel === 'post' ? 'address' : channel === 'email' ? 'email address' : 'phone number'}`,
      );
      continue;
    }
    const v = await checkContact(ctx, { customerId: m.id, purpose: 'check-in', channel, reference, at });
    if (v.allowed) {
      const instead =
        channel === 'phone' ? null : `no phone calls: ${channel} instead (${refusals.join('; ')})`;
      return { channel, insteadReason: instead } satisfies Channel;
    }
    refusals.push(v.reason);
  }
  return { channel: null, insteadReason: `no channel allowed: ${refusals.join('; ')}` } satisfies Channel;
}

/**
 * Builds a call list for a day (default today, UTC): the segment's members now, ranked by value
 * at risk; each rep's (owner's, else the list's fallback rep's, else unassigned) first
 * `capPerRep` get an item — held-out customers recorded and not called, the others called, or
 * contacted another way where they refused calls — due in the list's calling hours in the
 * customer's zone outside their quiet hours. Customers past a rep's cap wait for a later day.
 * Idempotent per list and day: a second build returns the first one's summary. One transaction.
 */
export async function buildCallList(
  ctx: Pick<Ctx, 'db' | 'clock'>,
  listId: string,
  opts: { day?: string } = {},
): Promise<BuildSummary & { alreadyBuilt: boolean }> {
  const list = await getCallList(ctx, listId);
  if (!list.active) throw new AppError('conflict', `call list "${list.name}" is not active`);
  const now = ctx.clock.now();
  const day = opts.day ?? now.toISOString().slice(0, 10);
  return ctx.db.transaction().execute(async (trx) => {
    const claimed = await trx
      .insertInto('call_list_build')
      .values({ call_list_id: listId, day, built_at: now, summary: '{}' })
      .onConflict((oc) => oc.doNothing())
      .returning('call_list_id')
      .executeTakeFirst();
    if (!claimed) {
      const done = await trx
        .selectFrom('call_list_build')
        .select('summary')
        .where('call_list_id', '=', listId)
        .where('day', '=', day)
        .executeTakeFirstOrThrow();
      return { ...done.summary, alreadyBuilt: true };
    }
    const tctx = { db: trx, clock: ctx.clock };
    const members = await rankMembers(tctx, list.segmentId);
    const summary: BuildSummary = {
      day,
      members: members.length,
      calls: 0,
      instead: 0,
      heldOut: 0,
      noChannel: 0,
      overCap: 0,
    };
    const load = new Map<string | null, number>();
    const reference = `call-list:${listId}:${day}`;
    // One member's item: held out, or due in their hours on the first channel the check allows.
    const addItem = async (i: number, m: RankedMember, arm: Arm) => {
      const repId = m.ownerId ?? list.fallbackRepId;
      const hours = await getContactHours(trx, m.id);
      const zone = m.timeZone ?? hours.timeZone ?? 'UTC';
      const window = dueWindow(day, zone, { from: list.callFrom, to: list.callTo }, hours.quietHours);
      const base = {
        id: uuidv7(),
        call_list_id: listId,
        day,
        customer_id: m.id,
        rep_id: repId,
        arm,
        rank: i + 1,
        score: m.score,
        why: whyOf(m, list.name),
        time_zone: zone,
      };
      if (arm !== 'treated') {
        summary.heldOut++;
        await trx
          .insertInto('call_item')
          .values({
            ...base,
            channel: null,
            instead_reason: null,
            due_from: null,
            due_to: null,
            status: 'held-out',
          })
          .execute();
        return;
      }
      const at = window?.from ?? localInstant(day, Number(list.callFrom.slice(0, 2)) * 60, zone);
      const { channel, insteadReason } = await chooseChannel(tctx, m, reference, at);
      if (!channel) summary.noChannel++;
      else if (channel === 'phone') summary.calls++;
      else summary.instead++;
      if (channel) load.set(repId, (load.get(repId) ?? 0) + 1);
      await trx
        .insertInto('call_item')
        .values({
          ...base,
          channel,
          instead_reason: insteadReason,
          due_from: channel ? (window?.from ?? null) : null,
          due_to: channel ? (window?.to ?? null) : null,
          status: channel ? 'open' : 'no-channel',
        })
        .execute();
    };
    let next = 0;
    while (next < members.length) {
      // The next members sure to be under their rep's cap when their turn comes: at most each
      // rep's room left (held-out and unreachable members do not use it up, so this is never too
      // many). Their arms are drawn in one statement; a member whose rep may be full by then
      // waits for the next page, so the list is the same as one member at a time.
      const page: number[] = [];
      const inPage = new Map<string | null, number>();
      for (; next < members.length; next++) {
        const repId = (members[next] as RankedMember).ownerId ?? list.fallbackRepId;
        const room = list.capPerRep - (load.get(repId) ?? 0) - (inPage.get(repId) ?? 0);
        if (room > 0) {
          inPage.set(repId, (inPage.get(repId) ?? 0) + 1);
          page.push(next);
        } else if (inPage.has(repId)) break;
        else summary.overCap++;
      }
      const arms = await assignArms(tctx, {
        programKind: 'call-list',
        programId: listId,
        customerIds: page.map((i) => (members[i] as RankedMember).id),
        at: now,
      });
      for (const i of page)
        await addItem(i, members[i] as RankedMember, arms.get((members[i] as RankedMember).id) as Arm);
    }
    await trx
      .updateTable('call_list_build')
      .set({ summary: JSON.stringify(summary) })
      .where('call_list_id', '=', listId)
      .where('day', '=', day)
      .execute();
    return { ...summary, alreadyBuilt: false };
  });
}

import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { Ctx } from '../../../kernel/context.ts';
import { AppError, notFound } from '../../../kernel/errors.ts';
import { loadRoster } from '../../staff/index.ts';
import { deliverPulseInvitationJob } from './deliver-pulse-invitation.ts';

const DAY_MS = 86_400_000;

export type OpenedRound = { id: string; number: number; invited: number; opensAt: Date; closesAt: Date };

/**
 * Opens the next round of a pulse: the questions as they are now, one invitation per active
 * member of the pulse's teams (everyone when it names none), each mailed by a job enqueued in
 * the same transaction. `scheduled` is the due-rounds job: it opens only a round that is still
 * due (two workers cannot open it twice: the pulse row is locked) and moves the schedule on.
 */
export async function openRound(
  ctx: Pick<Ctx, 'db' | 'clock' | 'queue'>,
  pulseId: string,
  opts: { scheduled: boolean },
): Promise<OpenedRound | null> {
  const roster = await loadRoster(ctx);
  return ctx.db.transaction().execute(async (trx) => {
    const pulse = await trx
      .selectFrom('people_pulse')
      .selectAll()
      .where('id', '=', pulseId)
      .forUpdate()
      .executeTakeFirst();
    if (!pulse) throw notFound('Pulse', pulseId);
    const now = ctx.clock.now();
    if (opts.scheduled && (pulse.status !== 'active' || !pulse.next_round_at || pulse.next_round_at > now))
      return null;
    if (pulse.status !== 'active') throw new AppError('conflict', 'This pulse is archived');
    const teams = new Set(pulse.team_ids);
    const invitees = [...roster.staff.values()].filter(
      (s) => s.active && (teams.size === 0 || (s.teamId !== null && teams.has(s.teamId))),
    );
    if (!invitees.length && !opts.scheduled)
      throw new AppError('bad_request', "Nobody to ask: this pulse's teams have no active members");
    const last = await sql<{ n: number | null }>`
      select max(number) as n from people_pulse_round where pulse_id = ${pulseId}`.execute(trx);
    const round = {
      id: uuidv7(),
      pulse_id: pulseId,
      number: (last.rows[0]?.n ?? 0) + 1,
      content: JSON.stringify(pulse.content),
      opens_at: now,
      closes_at: new Date(now.getTime() + pulse.round_open_days * DAY_MS),
    };
    await trx.insertInto('people_pulse_round').values(round).execute();
    const invitations = invitees.map((s) => ({
      id: uuidv7(),
      round_id: round.id,
      staff_id: s.id,
      team_id: s.teamId,
    }));
    if (invitations.length) await trx.insertInto('people_pulse_invitation').values(invitations).execute();
    for (const inv of invitations)
      await ctx.queue.send(deliverPulseInvitationJob, { invitationId: inv.id }, { trx });
    if (opts.scheduled) {
      let next = pulse.next_round_at as Date;
      const step = (pulse.repeat_every_days ?? 0) * DAY_MS;
      // A worker that was down for a while opens one round, not every missed one.
      while (step && next <= now) next = new Date(next.getTime() + step);
      await trx
        .updateTable('people_pulse')
        .set({ next_round_at: step ? next : null, updated_at: now })
        .where('id', '=', pulseId)
        .execute();
    }
    return {
      id: round.id,
      number: round.number,
      invited: invitations.length,
      opensAt: round.opens_at,
      closesAt: round.closes_at,
    };
  });
}

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Ctx } from '../../kernel/context.ts';
import type { Access } from '../../kernel/http/access.ts';
import { text, timestamp, timeZone } from '../../kernel/validation.ts';
import { findOnShift, isOnShift } from './find-on-shift.ts';
import { listWorkingHours, type WorkingHours } from './list-working-hours.ts';
import { loadRoster, type Roster } from './load-roster.ts';
import { recordAudit } from './record-audit.ts';
import { saveTeam } from './save-team.ts';
import { setShifts } from './set-shifts.ts';
import { setTeamMembers } from './set-team-members.ts';
import { formatClock, parseClock, type WeeklyInterval } from './working-time.ts';

const readTeams: Access = { roles: ['admin', 'manager', 'agent'], scopes: ['read'] };
const manageTeams: Access = { roles: ['admin', 'manager'], scopes: ['admin'] };

const clock = z
  .string()
  .regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'must be a time of day from 00:00 to 24:00');
const interval = z.object({
  weekday: z.number().int().min(1).max(7).describe('1 = Monday … 7 = Sunday'),
  start: clock,
  end: clock,
});
const intervals = z.object({ intervals: z.array(interval).max(100) });
const toWeekly = (list: z.infer<typeof interval>[]) =>
  list.map((i) => ({ weekday: i.weekday, startMinute: parseClock(i.start), endMinute: parseClock(i.end) }));
const idParams = z.object({ id: z.string().uuid() });
const toClock = (i: WeeklyInterval) => ({
  weekday: i.weekday,
  start: formatClock(i.startMinute),
  end: formatClock(i.endMinute),
});
const atQuery = z.object({ at: timestamp().optional() });

const hoursView = z.object({
  staffId: z.string().uuid(),
  name: z.string(),
  active: z.boolean(),
  timeZone: z.string(),
  teamId: z.string().uuid().nullable(),
  intervals: z.array(interval).describe("Their own hours in their time zone; empty = their team's coverage"),
  follows: z
    .enum(['own', 'team', 'always'])
    .describe("Which schedule applies: their own hours, their team's coverage, or none (always available)"),
  onShift: z.boolean(),
  nextOnShiftAt: z.date().nullable(),
});
const toHoursView = (h: WorkingHours) => ({ ...h, intervals: h.intervals.map(toClock) });

const teamView = z.object({
  id: z.string().uuid(),
  name: z.string(),
  timeZone: z.string(),
  managerId: z.string().uuid().nullable(),
  coverage: z.array(interval),
  members: z.array(
    z.object({ staffId: z.string().uuid(), name: z.string(), weight: z.number(), onShift: z.boolean() }),
  ),
});
type TeamView = z.infer<typeof teamView>;

function toView(roster: Roster, id: string, at: Date): TeamView | undefined {
  const t = roster.teams.get(id);
  if (!t) return undefined;
  return {
    id: t.id,
    name: t.name,
    timeZone: t.timeZone,
    managerId: t.managerId,
    coverage: t.coverage.intervals.map(toClock),
    members: [...roster.staff.values()]
      .filter((m) => m.teamId === id)
      .map((m) => ({ staffId: m.id, name: m.name, weight: m.weight, onShift: isOnShift(m, at) })),
  };
}

/** Teams, their coverage and members, and staff working hours: the inputs of routing and SLA clocks. */
export function teamRoutes(ctx: Ctx): FastifyPluginAsyncZod {
  const viewOf = async (id: string) => {
    const v = toView(await loadRoster(ctx), id, ctx.clock.now());
    if (!v) throw new Error(`team ${id} vanished`);
    return v;
  };
  return async (app) => {
    app.get(
      '/api/v1/teams',
      {
        config: { access: readTeams },
        schema: {
          tags: ['staff'],
          summary: 'List teams with coverage, members and who is on shift now (or at `at`)',
          querystring: atQuery,
          response: {
            200: z.object({
              data: z.array(teamView.extend({ nextOnShiftAt: z.date().nullable() })),
            }),
          },
        },
      },
      async (req) => {
        const roster = await loadRoster(ctx);
        const at = req.query.at ? new Date(req.query.at) : ctx.clock.now();
        const data = [...roster.teams.values()]
          .sort((a, b) => a.name.localeCompare(b.name))
          .map((t) => ({
            ...(toView(roster, t.id, at) as TeamView),
            nextOnShiftAt: findOnShift(roster, t.id, at).nextOnShiftAt ?? null,
          }));
        return { data };
      },
    );

    app.post(
      '/api/v1/teams',
      {
        config: { access: manageTeams },
        schema: {
          tags: ['staff'],
          summary: 'Create a team',
          body: z.object({
            name: text(100).trim().min(1),
            timeZone: timeZone.default('UTC'),
            managerId: z.string().uuid().nullable().default(null),
          }),
          response: { 201: teamView },
        },
      },
      async (req, reply) => {
        const { id } = await saveTeam(ctx, req.body);
        await recordAudit(ctx.db, req, { action: 'team.create', target: id, details: req.body });
        return reply.status(201).send(await viewOf(id));
      },
    );

    app.patch(
      '/api/v1/teams/:id',
      {
        config: { access: manageTeams },
        schema: {
          tags: ['staff'],
          summary: 'Rename a team, change its time zone or manager',
          params: idParams,
          body: z
            .object({
              name: text(100).trim().min(1),
              timeZone,
              managerId: z.string().uuid().nullable(),
            })
            .partial(),
          response: { 200: teamView },
        },
      },
      async (req) => {
        const { id } = await saveTeam(ctx, req.body, req.params.id);
        await recordAudit(ctx.db, req, { action: 'team.update', target: id, details: req.body });
        return viewOf(id);
      },
    );

    app.put(
      '/api/v1/teams/:id/coverage',
      {
        config: { access: manageTeams },
        schema: {
          tags: ['staff'],
          summary:
            "Replace a team's weekly coverage (local times in the team's time zone; none = always covered)",
          params: idParams,
          body: intervals,
          response: { 200: teamView },
        },
      },
      async (req) => {
        await setShifts(ctx, { kind: 'team', id: req.params.id }, toWeekly(req.body.intervals));
        await recordAudit(ctx.db, req, {
          action: 'team.coverage.set',
          target: req.params.id,
          details: { intervals: req.body.intervals.length },
        });
        return viewOf(req.params.id);
      },
    );

    app.put(
      '/api/v1/teams/:id/members',
      {
        config: { access: manageTeams },
        schema: {
          tags: ['staff'],
          summary: 'Replace the members of a team (a staff member belongs to one team)',
          params: idParams,
          body: z.object({
            members: z
              .array(z.object({ staffId: z.string().uuid(), weight: z.number().gt(0).max(10).optional() }))
              .max(500),
          }),
          response: { 200: teamView },
        },
      },
      async (req) => {
        await setTeamMembers(ctx, req.params.id, req.body.members);
        await recordAudit(ctx.db, req, {
          action: 'team.members.set',
          target: req.params.id,
          details: { staffIds: req.body.members.map((m) => m.staffId) },
        });
        return viewOf(req.params.id);
      },
    );

    app.get(
      '/api/v1/staff/hours',
      {
        config: { access: readTeams },
        schema: {
          tags: ['staff'],
          summary:
            "Every staff member's time zone, working hours and whether they are on shift now (or at `at`)",
          querystring: atQuery,
          response: { 200: z.object({ data: z.array(hoursView) }) },
        },
      },
      async (req) => {
        const at = req.query.at ? new Date(req.query.at) : ctx.clock.now();
        return { data: (await listWorkingHours(ctx, at)).map(toHoursView) };
      },
    );

    app.put(
      '/api/v1/staff/:id/hours',
      {
        config: { access: manageTeams },
        schema: {
          tags: ['staff'],
          summary:
            "Replace a staff member's working hours (in their own time zone; none = their team's coverage), optionally changing that time zone",
          params: idParams,
          body: intervals.extend({ timeZone: timeZone.optional() }),
          response: { 200: hoursView },
        },
      },
      async (req) => {
        const { id } = req.params;
        await setShifts(
          ctx,
          { kind: 'staff', id, timeZone: req.body.timeZone },
          toWeekly(req.body.intervals),
        );
        await recordAudit(ctx.db, req, {
          action: 'staff.hours.set',
          target: id,
          details: { intervals: req.body.intervals.length, timeZone: req.body.timeZone },
        });
        const [view] = await listWorkingHours(ctx, ctx.clock.now(), id);
        if (!view) throw new Error(`staff ${id} vanished`);
        return toHoursView(view);
      },
    );
  };
}

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Ctx } from '../../kernel/context.ts';
import { type Access, staffIdOf } from '../../kernel/http/access.ts';
import { text } from '../../kernel/validation.ts';
import { currencyQuery } from '../outreach/index.ts';
import { recordAudit } from '../staff/index.ts';
import { buildEventReport } from './events/build-event-report.ts';
import { checkInAttendee } from './events/check-in-attendee.ts';
import { createEvent } from './events/create-event.ts';
import { getEvent } from './events/get-event.ts';
import { inviteSegment } from './events/invite-segment.ts';
import { listAttendees } from './events/list-attendees.ts';
import { listEvents } from './events/list-events.ts';
import { eventReportView } from './events/report-schema.ts';
import { type RsvpLimits, rsvpPageRoutes } from './events/rsvp-page-routes.ts';
import { attendeeView, eventInput, eventPatch, eventView } from './events/schemas.ts';
import { updateEvent } from './events/update-event.ts';

const readEvents: Access = { roles: ['admin', 'manager', 'agent'], scopes: ['read'] };
const manageEvents: Access = { roles: ['admin', 'manager'], scopes: ['write'] };
const doorStaff: Access = { roles: ['admin', 'manager', 'agent'], scopes: ['write'] };
const tags = ['events'];
const idParams = z.object({ id: z.string().uuid() });

/** Customer events (staff API) and the invitee's public RSVP page `/e/:token`. */
export function eventRoutes(ctx: Ctx, limits: Partial<RsvpLimits> = {}): FastifyPluginAsyncZod {
  return async (app) => {
    await app.register(rsvpPageRoutes(ctx, limits));
    app.get(
      '/api/v1/loyalty/events',
      {
        config: { access: readEvents },
        schema: {
          tags,
          summary: 'Events, latest first',
          response: { 200: z.object({ data: z.array(eventView) }) },
        },
      },
      async () => ({ data: await listEvents(ctx) }),
    );
    app.post(
      '/api/v1/loyalty/events',
      {
        config: { access: manageEvents },
        schema: { tags, summary: 'Create a draft event', body: eventInput, response: { 201: eventView } },
      },
      async (req, reply) => {
        const e = await createEvent(ctx, req.body, staffIdOf(req) ?? null, (trx, v) =>
          recordAudit(trx, req, { action: 'event.create', target: v.id, details: { title: v.title } }),
        );
        return reply.status(201).send(e);
      },
    );
    app.get(
      '/api/v1/loyalty/events/:id',
      {
        config: { access: readEvents },
        schema: { tags, summary: 'One event', params: idParams, response: { 200: eventView } },
      },
      async (req) => getEvent(ctx, req.params.id),
    );
    app.patch(
      '/api/v1/loyalty/events/:id',
      {
        config: { access: manageEvents },
        schema: {
          tags,
          summary: 'Edit an event or change its status (draft → open → closed; cancelled)',
          params: idParams,
          body: eventPatch,
          response: { 200: eventView },
        },
      },
      async (req) =>
        updateEvent(ctx, req.params.id, req.body, staffIdOf(req) ?? null, (trx, v) =>
          recordAudit(trx, req, { action: 'event.update', target: v.id, details: { ...req.body } }),
        ),
    );
    app.post(
      '/api/v1/loyalty/events/:id/invitations',
      {
        config: { access: manageEvents },
        schema: {
          tags,
          summary: "Invite a saved segment's members (holdout, consent, budget and local send window apply)",
          params: idParams,
          body: z.object({ segmentId: z.string().uuid() }).strict(),
          response: {
            200: z.object({
              eligible: z.number(),
              invited: z.number(),
              heldOut: z.number(),
              alreadyInvited: z.number(),
            }),
          },
        },
      },
      async (req) => {
        const totals = await inviteSegment(ctx, req.params.id, req.body.segmentId);
        await recordAudit(ctx.db, req, {
          action: 'event.invite',
          target: req.params.id,
          details: { segmentId: req.body.segmentId, ...totals },
        });
        return totals;
      },
    );
    app.get(
      '/api/v1/loyalty/events/:id/attendees',
      {
        config: { access: readEvents },
        schema: {
          tags,
          summary: 'The door list: invitees with their answer and check-in, searchable by name',
          params: idParams,
          querystring: z.object({
            q: text(100).optional(),
            limit: z.coerce.number().int().min(1).max(5000).default(200),
          }),
          response: { 200: z.object({ data: z.array(attendeeView) }) },
        },
      },
      async (req) => {
        await getEvent(ctx, req.params.id);
        const data = await listAttendees(ctx, req.params.id, req.query);
        await recordAudit(
          ctx.db,
          req,
          { action: 'event.attendees.read', target: req.params.id },
          { isRead: true },
        );
        return { data };
      },
    );
    app.post(
      '/api/v1/loyalty/events/:id/attendees/:customerId/check-in',
      {
        config: { access: doorStaff },
        schema: {
          tags,
          summary:
            'Check a guest in (idempotent); attendance goes on the timeline and earns the event’s points once',
          params: idParams.extend({ customerId: z.string().uuid() }),
          response: {
            200: z.object({
              customerId: z.string(),
              checkedInAt: z.date(),
              firstTime: z.boolean(),
              points: z.number(),
            }),
          },
        },
      },
      async (req) => {
        const r = await checkInAttendee(ctx, req.params.id, req.params.customerId, staffIdOf(req) ?? null);
        if (r.firstTime)
          await recordAudit(ctx.db, req, {
            action: 'event.check-in',
            customerId: r.customerId,
            target: req.params.id,
          });
        return r;
      },
    );
    app.get(
      '/api/v1/loyalty/events/:id/report',
      {
        config: { access: { roles: ['admin', 'manager'], scopes: ['read'] } },
        schema: {
          tags,
          summary:
            'Invited, held out, answers, attendance, and the later retention of attendees and invitees vs held-out invitees',
          params: idParams,
          querystring: z.object({ currency: currencyQuery }),
          response: { 200: eventReportView },
        },
      },
      async (req) => buildEventReport(ctx, req.params.id, req.query.currency),
    );
  };
}

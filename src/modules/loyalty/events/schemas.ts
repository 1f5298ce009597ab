import { z } from 'zod';
import { instant, text, timeZone } from '../../../kernel/validation.ts';
import { attendeeStates, eventStatuses } from './tables.ts';

const hhmm = text(5).regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'times are HH:MM (00:00–23:59)');
const webLink = text(2000)
  .url('onlineUrl must be a full http(s) address')
  .refine((u) => /^https?:\/\//i.test(u), 'onlineUrl must start with http:// or https://');

const fields = {
  title: text(200).trim().min(1, 'an event needs a title'),
  description: text(5000),
  startsAt: instant(),
  endsAt: instant(),
  timeZone: timeZone,
  place: text(500).trim().min(1).nullable(),
  onlineUrl: webLink.nullable(),
  capacity: z.number().int('capacity is a whole number').min(1, 'capacity must be at least 1').max(100_000),
  points: z.number().int('points are a whole number').min(0, 'points cannot be negative').max(1_000_000),
  sendWindow: z.object({ start: hhmm, end: hhmm }).strict(),
};

export const eventInput = z
  .object({
    ...fields,
    description: fields.description.default(''),
    place: fields.place.default(null),
    onlineUrl: fields.onlineUrl.default(null),
    points: fields.points.default(0),
    sendWindow: fields.sendWindow.default({ start: '09:00', end: '18:00' }),
    holdoutShare: z.number().min(0).max(0.5).default(0.1),
  })
  .strict();
export type EventInput = z.infer<typeof eventInput>;

export const eventPatch = z
  .object({
    title: fields.title.optional(),
    description: fields.description.optional(),
    startsAt: fields.startsAt.optional(),
    endsAt: fields.endsAt.optional(),
    timeZone: fields.timeZone.optional(),
    place: fields.place.optional(),
    onlineUrl: fields.onlineUrl.optional(),
    capacity: fields.capacity.optional(),
    points: fields.points.optional(),
    sendWindow: fields.sendWindow.optional(),
    status: z.enum(eventStatuses).optional(),
  })
  .strict();
export type EventPatch = z.infer<typeof eventPatch>;

export const eventView = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  startsAt: z.date(),
  endsAt: z.date(),
  timeZone: z.string(),
  place: z.string().nullable(),
  onlineUrl: z.string().nullable(),
  capacity: z.number(),
  points: z.number(),
  status: z.enum(eventStatuses),
  sendWindow: z.object({ start: z.string(), end: z.string() }),
  programId: z.string(),
  createdAt: z.date(),
});
export type EventView = z.infer<typeof eventView>;

export const attendeeView = z.object({
  customerId: z.string(),
  name: z.string().nullable(),
  state: z.enum([...attendeeStates, 'invited']),
  answeredAt: z.date().nullable(),
  checkedInAt: z.date().nullable(),
});
export type AttendeeView = z.infer<typeof attendeeView>;

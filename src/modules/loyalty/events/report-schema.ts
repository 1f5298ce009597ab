import { z } from 'zod';
import { programUpliftView } from '../../outreach/index.ts';

const cohort = z.object({
  customers: z.number(),
  active30: z.number().nullable().describe('share still active 30 days after the invitation (matured only)'),
  active90: z.number().nullable(),
  purchased90: z.number().nullable(),
  revenue90: z.number().nullable().describe('minor units of the currency per customer'),
});
const difference = z
  .object({
    difference: z.number(),
    low: z.number(),
    high: z.number(),
    pValue: z.number(),
    standardError: z.number(),
  })
  .nullable();

export const eventReportView = z.object({
  eventId: z.string(),
  counts: z.object({
    invited: z.number(),
    heldOut: z.number(),
    sent: z.number(),
    skipped: z.number(),
    rsvpYes: z.number(),
    rsvpNo: z.number(),
    waitlisted: z.number(),
    cancelled: z.number(),
    attended: z.number(),
  }),
  retention: z.object({
    attendees: cohort,
    invitees: cohort,
    heldOut: cohort,
    attendeesVsHeldOut: z.object({ active30: difference, active90: difference }),
  }),
  uplift: programUpliftView.nullable(),
});

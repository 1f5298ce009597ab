import { z } from 'zod';
import { instant, text } from '../../../kernel/validation.ts';

export const kudosInput = z
  .object({
    toStaffId: z.string().uuid().describe('the colleague recognised'),
    customerId: z.string().uuid().optional().describe('the saved customer the work was for'),
    caseId: z.string().uuid().optional().describe('the case the work was on (its customer is linked too)'),
    message: text(1000).pipe(z.string().trim().min(1)),
  })
  .strict();

export const kudosView = z.object({
  id: z.string().uuid(),
  fromStaffId: z.string().uuid(),
  fromName: z.string(),
  toStaffId: z.string().uuid(),
  toName: z.string(),
  customerId: z.string().uuid().nullable(),
  customerName: z.string().nullable(),
  caseId: z.string().uuid().nullable(),
  message: z.string(),
  createdAt: z.date(),
});
export type KudosView = z.infer<typeof kudosView>;

export const kudosQuery = z.object({
  teamId: z.string().uuid().optional().describe('kudos given to or by members of this team'),
  staffId: z.string().uuid().optional().describe('kudos received by this staff member'),
  customerId: z.string().uuid().optional().describe('kudos linked to this customer'),
  before: z.string().uuid().optional().describe('cursor: the id of the last kudos of the previous page'),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

export const countsQuery = z.object({
  from: instant(),
  to: instant(),
  teamId: z.string().uuid().optional(),
});

export const kudosCount = z.object({
  staffId: z.string().uuid(),
  name: z.string(),
  teamId: z.string().uuid().nullable(),
  received: z.number(),
  given: z.number(),
});

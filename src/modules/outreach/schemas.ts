import { z } from 'zod';

/** Shapes the outreach routes share. */
export const customerParams = z.object({ customerId: z.string().uuid() });
export const limitQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) });
/** One logged contact attempt, counted (contact_log) or refused (contact_refusal). */
export const contactEntry = z.object({
  id: z.number(),
  purpose: z.string(),
  channel: z.string(),
  reference: z.string(),
  at: z.date(),
});

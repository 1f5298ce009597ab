import { z } from 'zod';

// Parameters shared by the loop's routes.
export const idParams = z.object({ id: z.string().uuid() });
/** A query-string flag: "true" or "false". */
export const bool = z
  .enum(['true', 'false'])
  .transform((v) => v === 'true')
  .optional();
export const isoDate = z.iso.datetime({ offset: true }).transform((s) => new Date(s));

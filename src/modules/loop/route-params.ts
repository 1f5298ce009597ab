import { z } from 'zod';
import { instant } from '../../kernel/validation.ts';

// Parameters shared by the loop's routes.
export const idParams = z.object({ id: z.string().uuid() });
/** A query-string flag: "true" or "false". */
export const bool = z
  .enum(['true', 'false'])
  .transform((v) => v === 'true')
  .optional();
export const isoDate = instant();

import { z } from 'zod';

/** Validates an IANA time zone name with the runtime's own tz database. */
export const timeZone = z
  .string()
  .max(64)
  .refine((tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, 'must be an IANA time zone such as "Europe/Paris"');

type WithoutDefault<S> = S extends z.ZodDefault<infer Inner> ? Inner : S;
type PatchShape<T extends z.ZodRawShape> = { [K in keyof T]: z.ZodOptional<WithoutDefault<T[K]>> };

/**
 * The body of a PATCH: every field optional and none defaulted. zod 4 applies a default even
 * inside `.partial()`, so `{ enabled: false }` would otherwise also reset every defaulted field
 * (a rule's playbook, kinds, notify…) to its default.
 */
export function patchOf<T extends z.ZodRawShape>(schema: z.ZodObject<T>): z.ZodObject<PatchShape<T>> {
  const shape: Record<string, z.ZodType> = {};
  for (const [key, field] of Object.entries(schema.shape) as [string, z.ZodType][]) {
    const inner = field instanceof z.ZodDefault ? (field.unwrap() as z.ZodType) : field;
    const described = field.description && !inner.description ? inner.describe(field.description) : inner;
    shape[key] = described.optional();
  }
  return z.object(shape) as unknown as z.ZodObject<PatchShape<T>>;
}

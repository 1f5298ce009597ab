import { z } from 'zod';
import { text } from '../../../kernel/validation.ts';

/** How deep groups may nest (the top group is level 1) and how many conditions a segment may have. */
export const MAX_DEPTH = 3;
export const MAX_CONDITIONS = 50;

const scalar = z.union([text(500), z.number().finite(), z.boolean()]);

/**
 * One condition: a field of the catalogue, an operator valid for its type, and a value. The
 * field and operator are checked by the compiler rather than by enums here, so a typo gets
 * "did you mean …?" instead of a list of every allowed value.
 */
export const condition = z.object({
  field: text(80).describe('a field key of GET /api/v1/segments/fields'),
  op: text(40).describe('an operator allowed for the field type'),
  value: z
    .union([scalar, z.array(z.union([text(500), z.number().finite()])).max(100)])
    .optional()
    .describe('a string, number, boolean, or a list for in/notIn and between'),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as "EUR"')
    .optional()
    .describe('money fields (total spend, CLV): the currency of the value'),
  key: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,64}$/, 'must be a custom field key (letters, digits, _ . -)')
    .optional()
    .describe('custom fields: which key of the customer’s custom fields'),
});
export type Condition = z.infer<typeof condition>;

export type Group = { match: 'all' | 'any'; conditions: (Condition | Group)[] };

// Built level by level rather than recursively, so the depth bound is in the schema and the
// OpenAPI document stays finite.
const groupAt = (depth: number): z.ZodType<Group> => {
  const item = depth > 1 ? z.union([condition, groupAt(depth - 1)]) : condition;
  return z.object({
    match: z.enum(['all', 'any']).describe('all: every condition holds; any: at least one does'),
    conditions: z.array(item).max(MAX_CONDITIONS),
  }) as z.ZodType<Group>;
};

/** A segment's definition: a group of conditions and groups, at most MAX_DEPTH levels deep. */
export const definition = groupAt(MAX_DEPTH).describe(
  `A tree of all/any groups (at most ${MAX_DEPTH} levels) of conditions (at most ${MAX_CONDITIONS} in all)`,
);
export type Definition = Group;

export const isGroup = (x: Condition | Group): x is Group => 'match' in x;

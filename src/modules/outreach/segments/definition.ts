import { z } from 'zod';
import { text } from '../../../kernel/validation.ts';

/** How deep groups may nest (the top group is level 1) and how many conditions a segment may have. */
export const MAX_DEPTH = 3;
export const MAX_CONDITIONS = 50;

/** Numbers a condition can name: amounts, days, scores, counts. */
const num = z.number().min(-1e15).max(1e15);
const scalar = z.union([text(500), num, z.boolean()]);

/**
 * One condition: a field of the catalogue, an operator valid for its type, and a value. The
 * field and operator are checked by the compiler rather than by enums here, so a typo gets
 * "did you mean …?" instead of a list of every allowed value.
 */
export const condition = z.object({
  field: text(80).describe('a field key of GET /api/v1/segments/fields'),
  op: text(40).describe('an operator allowed for the field type'),
  value: z
    .union([scalar, z.array(z.union([text(500), num])).max(100)])
    .optional()
    .describe('a string, number, boolean, or a list for in/notIn and between'),
  currency: text(3).optional().describe('money fields (total spend, CLV): the currency of the value'),
  key: text(100).optional().describe('custom fields: which key of the customer’s custom fields'),
});
export type Condition = z.infer<typeof condition>;

export type Group = { match: 'all' | 'any'; conditions: (Condition | Group)[] };

/**
 * What an item that is neither a condition nor a group gets told: zod's own "Invalid input" for
 * a union says nothing. Field, operator and value problems are the compiler's (with "did you
 * mean").
 */
const itemError = (iss: { input?: unknown }) => {
  const x = iss.input;
  if (x && typeof x === 'object' && ('match' in x || 'conditions' in x))
    return `a group is {"match": "all" | "any", "conditions": [...]} and groups nest at most ${MAX_DEPTH} levels deep`;
  return 'a condition is {"field", "op", "value"?}: a field and an operator of GET /api/v1/segments/fields, and a string, number, boolean or list of at most 100 as the value';
};

// Built level by level rather than recursively, so the OpenAPI document stays finite. The
// deepest level admits one more level of conditions, so a tree one level too deep reaches the
// compiler, which says "groups nest at most 3 levels deep" with the group's path.
const groupAt = (depth: number): z.ZodType<Group> => {
  const item = depth > 0 ? z.union([condition, groupAt(depth - 1)], { error: itemError }) : condition;
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

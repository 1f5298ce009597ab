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

/**
 * Why a string cannot be stored: PostgreSQL refuses NUL in text and jsonb, and a lone UTF-16
 * surrogate is not Unicode at all (the driver would silently turn it into U+FFFD).
 */
export function textProblem(s: string): string | undefined {
  if (s.includes('\u0000')) return 'must not contain NUL characters (\\u0000)';
  if (!s.isWellFormed()) return 'must not contain lone UTF-16 surrogates (not valid Unicode)';
  return undefined;
}

/** A string of at most `max` characters that can be stored as text: no NUL, no lone surrogate. */
export const text = (max: number) =>
  z
    .string()
    .max(max)
    .superRefine((s, c) => {
      const problem = textProblem(s);
      if (problem) c.addIssue({ code: 'custom', message: problem });
    });

/** The instants Tenure accepts from clients: anything else is a typo or an attack on date maths. */
export const EARLIEST = new Date('1900-01-01T00:00:00Z');
export const LATEST = new Date('2200-01-01T00:00:00Z');
const outOfRange = `must lie between ${EARLIEST.getUTCFullYear()} and ${LATEST.getUTCFullYear()}`;
const inRange = (d: Date) => d >= EARLIEST && d < LATEST;

/** An ISO 8601 date-time with an offset, between 1900 and 2200, kept as the string sent. */
export const timestamp = () =>
  z.iso
    .datetime({ offset: true })
    .max(40)
    .refine((s) => inRange(new Date(s)), outOfRange);

/** The same, as a Date. */
export const instant = () => timestamp().transform((s) => new Date(s));

/** Loosely written dates (ISO strings, epoch milliseconds), as other tools send them; bounded the same way. */
export const looseInstant = () =>
  z.union([z.string().max(64), z.number().finite()]).transform((v, c) => {
    const d = new Date(v);
    if (Number.isNaN(d.getTime())) {
      c.addIssue({ code: 'custom', message: 'must be a date, e.g. an ISO 8601 string' });
      return z.NEVER;
    }
    if (!inRange(d)) {
      c.addIssue({ code: 'custom', message: outOfRange });
      return z.NEVER;
    }
    return d;
  });

export type JsonBounds = { maxDepth: number; maxNodes: number; maxString: number; maxKey: number };
const jsonDefaults: JsonBounds = { maxDepth: 8, maxNodes: 2000, maxString: 10_000, maxKey: 200 };

/** The first reason a JSON value is too deep, too big or holds unstorable text, with where. */
export function jsonProblem(value: unknown, bounds: Partial<JsonBounds> = {}): string | undefined {
  const b = { ...jsonDefaults, ...bounds };
  let nodes = 0;
  // Iterative, so a deep value cannot overflow the stack while being checked.
  const stack: { v: unknown; path: string; depth: number }[] = [{ v: value, path: '', depth: 0 }];
  while (stack.length) {
    const { v, path, depth } = stack.pop() as { v: unknown; path: string; depth: number };
    if (++nodes > b.maxNodes) return `holds more than ${b.maxNodes} values`;
    if (typeof v === 'string') {
      if (v.length > b.maxString) return `${path || 'value'}: longer than ${b.maxString} characters`;
      const p = textProblem(v);
      if (p) return `${path || 'value'}: ${p}`;
    } else if (typeof v === 'number') {
      if (!Number.isFinite(v)) return `${path || 'value'}: must be a finite number`;
    } else if (v && typeof v === 'object') {
      if (depth >= b.maxDepth) return `${path || 'value'}: nested deeper than ${b.maxDepth} levels`;
      const entries = Array.isArray(v) ? v.map((x, i) => [String(i), x] as const) : Object.entries(v);
      for (const [k, x] of entries) {
        if (!Array.isArray(v)) {
          if (k.length > b.maxKey) return `${path || 'value'}: a key is longer than ${b.maxKey} characters`;
          const p = textProblem(k);
          if (p) return `${path || 'value'}: key ${p}`;
        }
        stack.push({ v: x, path: path ? `${path}.${k.slice(0, 40)}` : k.slice(0, 40), depth: depth + 1 });
      }
    }
  }
  return undefined;
}

/**
 * A free-form JSON object (custom fields, event properties, Segment traits): at most `maxKeys`
 * keys, nested at most 8 levels, 2,000 values, storable text throughout.
 */
export const jsonObject = (opts: Partial<JsonBounds> & { maxKeys?: number } = {}) => {
  const maxKeys = opts.maxKeys ?? 200;
  return z
    .record(z.string().max(opts.maxKey ?? jsonDefaults.maxKey), z.unknown())
    .superRefine((o, c) => {
      if (Object.keys(o).length > maxKeys) {
        c.addIssue({ code: 'custom', message: `must have at most ${maxKeys} keys` });
        return;
      }
      const problem = jsonProblem(o, opts);
      if (problem) c.addIssue({ code: 'custom', message: problem });
    })
    .meta({ maxProperties: maxKeys });
};

/** How much of a validation failure a client is told: enough to fix it, never more than the request. */
export const ISSUES_SHOWN = 20;
const MESSAGE_MAX = 300;
const PATH_MAX = 200;

export const capText = (s: string, max: number) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

export type Issue = { path: string; message: string };

/** The first 20 issues, each message and path capped, and how many more there were. */
export function capIssues(issues: Issue[]): { issues: Issue[]; more: number; summary: string } {
  const shown = issues
    .slice(0, ISSUES_SHOWN)
    .map((i) => ({ path: capText(i.path, PATH_MAX), message: capText(i.message, MESSAGE_MAX) }));
  const more = Math.max(0, issues.length - shown.length);
  const summary =
    shown.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ') +
    (more ? `; and ${more} more` : '');
  return { issues: shown, more, summary };
}

/** zod issues as capped `{ path, message }` pairs ("a.0.b: …"). */
export function zodIssues(error: z.ZodError, root = ''): Issue[] {
  return error.issues.map((i) => ({
    path: [root, ...i.path.map((p) => String(p))].filter(Boolean).join('.'),
    message: i.message,
  }));
}

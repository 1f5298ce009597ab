import { type RawBuilder, sql } from 'kysely';
import { DAY_MS } from '../../../kernel/clock.ts';
import type { Db } from '../../../kernel/db/pool.ts';
import { AppError } from '../../../kernel/errors.ts';
import { EARLIEST, LATEST } from '../../../kernel/validation.ts';
import type { CustomerField, FieldEnv } from '../../customers/index.ts';
import type { Condition } from './definition.ts';
import { closest } from './field-catalogue.ts';

type Raw = RawBuilder<unknown>;

export const bad = (path: string, message: string, details: Record<string, unknown> = {}) =>
  new AppError('validation_failed', `${path}: ${message}`, { path, ...details });

export const suggest = (word: string, options: readonly string[]) => {
  const c = closest(word, options);
  return c ? ` Did you mean "${c}"?` : '';
};

const currencies = new Set(Intl.supportedValuesOf('currency'));

/** Minor units per major unit of a currency, from the runtime's own ISO 4217 table. */
export function minorFactor(currency: string, path: string): number {
  if (!currencies.has(currency)) throw bad(path, `"${currency}" is not a currency code`);
  const digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
    .maximumFractionDigits;
  return 10 ** (digits ?? 2);
}

export type Checked = { field: CustomerField; env: FieldEnv; path: string; cond: Condition };

/** Turns one value of a condition into a typed SQL parameter, or says what is wrong with it. */
function scalarOf(c: Checked, v: unknown): Raw {
  const { field, path } = c;
  const what = `${field.key} ${c.cond.op}`;
  switch (field.type) {
    case 'number':
    case 'money': {
      if (typeof v !== 'number') throw bad(path, `${what} needs a number, got ${JSON.stringify(v)}`);
      if (field.min !== undefined && v < field.min)
        throw bad(path, `${field.key} is never below ${field.min}`);
      if (field.max !== undefined && v > field.max)
        throw bad(path, `${field.key} is never above ${field.max}`);
      if (field.type === 'money') {
        if (Math.abs(v) > 1e12) throw bad(path, `${field.key} amounts lie within ±1,000,000,000,000`);
        const cur = c.cond.currency as string;
        return sql`${Math.round(v * minorFactor(cur, path))}::bigint`;
      }
      if (field.cast === 'bigint' && !Number.isInteger(v))
        throw bad(path, `${field.key} takes whole numbers`);
      return sql`${v}::${sql.raw(field.cast ?? 'numeric')}`;
    }
    case 'date': {
      const d = typeof v === 'string' ? new Date(v) : undefined;
      if (!d || Number.isNaN(d.getTime()))
        throw bad(path, `${what} needs a date such as "2026-01-31" or an ISO 8601 instant`);
      if (d < EARLIEST || d >= LATEST) throw bad(path, 'dates must lie between 1900 and 2200');
      return sql`${d}::timestamptz`;
    }
    case 'staff':
    case 'team':
      if (typeof v !== 'string' || !/^[0-9a-f-]{36}$/i.test(v)) throw bad(path, `${what} needs an id (uuid)`);
      return sql`${v}::uuid`;
    case 'enum': {
      const values = field.values ?? [];
      if (typeof v !== 'string' || !values.includes(v))
        throw bad(path, `${field.key} is one of ${values.join(', ')}.${suggest(String(v), values)}`, {
          allowed: values,
        });
      return sql`${v}::text`;
    }
    default:
      if (typeof v === 'number' && field.type === 'custom') return sql`${v}::numeric`;
      if (typeof v !== 'string' || v === '') throw bad(path, `${what} needs a non-empty text value`);
      return sql`${v.toLowerCase()}::text`;
  }
}

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (ch) => `\\${ch}`);

/** One condition as SQL; `members` resolves a team to its members' ids. */
export function compileCondition(c: Checked, members: Map<string, string[]>, scored: boolean, db: Db): Raw {
  const { field, env, path, cond } = c;
  const { op } = cond;
  const valueless = op === 'isSet' || op === 'isNotSet';
  if (valueless && cond.value !== undefined) throw bad(path, `${op} takes no value`);
  if (!valueless && cond.value === undefined) throw bad(path, `${field.key} ${op} needs a value`);
  const list = (min: number, max: number) => {
    if (!Array.isArray(cond.value) || cond.value.length < min || cond.value.length > max)
      throw bad(path, `${op} needs a list of ${min === max ? min : `${min} to ${max}`} values`);
    return cond.value.map((v) => scalarOf(c, v));
  };
  const one = () => {
    if (Array.isArray(cond.value)) throw bad(path, `${op} takes one value, not a list`);
    return scalarOf(c, cond.value);
  };
  const days = () => {
    const n = cond.value;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > 36_500)
      throw bad(path, `${op} needs a whole number of days (0 to 36500)`);
    return sql`${new Date(env.now.getTime() - n * DAY_MS)}::timestamptz`;
  };

  // Scores are null for everyone when no module provides them.
  const isScore = field.group === 'scores';
  let x: Raw = isScore && !scored ? sql`null` : field.value(env);

  if (field.type === 'team') {
    one();
    const teamId = cond.value as string;
    const ids = members.get(teamId);
    if (!ids) throw bad(path, `team ${teamId} does not exist`);
    const inTeam = sql`${x} = any(${ids}::uuid[])`;
    return op === 'is' ? inTeam : sql`not coalesce(${inTeam}, false)`;
  }

  if (field.type === 'custom') {
    if (!cond.key) throw bad(path, 'custom needs the custom field key, e.g. "key": "plan"');
    const numeric =
      ['gt', 'gte', 'lt', 'lte'].includes(op) || (op !== 'contains' && typeof cond.value === 'number');
    if (['gt', 'gte', 'lt', 'lte'].includes(op) && typeof cond.value !== 'number')
      throw bad(path, `custom ${op} needs a number`);
    if (valueless) {
      const set = sql`(${x} is not null and jsonb_typeof(${x}) <> 'null')`;
      return op === 'isSet' ? set : sql`not ${set}`;
    }
    x = numeric
      ? sql`(case when jsonb_typeof(${x}) = 'number' then (${x} #>> '{}')::numeric end)`
      : sql`lower(${x} #>> '{}')`;
  }

  const positive = (value: Raw, pos: string): Raw => {
    switch (pos) {
      case 'is':
        return sql`${value} = ${one()}`;
      case 'in':
        return sql`${value} = any(array[${sql.join(list(1, 100))}])`;
      case 'contains':
        return sql`${value} like ${`%${likeEscape(String(cond.value).toLowerCase())}%`}`;
      default:
        return sql`${value} like ${`${likeEscape(String(cond.value).toLowerCase())}%`}`;
    }
  };
  const textual =
    field.type === 'text' ||
    (field.type === 'custom' && (op === 'contains' || typeof cond.value !== 'number'));
  if (textual && !valueless) {
    const negated = { isNot: 'is', notIn: 'in', notContains: 'contains' } as Record<string, string>;
    const pos = negated[op] ?? op;
    if (pos === 'contains' || pos === 'startsWith') one();
    const hit = field.list
      ? sql`exists (select 1 from unnest(${x}) e(v) where ${positive(sql`lower(e.v)`, pos)})`
      : positive(field.type === 'custom' ? x : sql`lower(${x})`, pos);
    // "Is not"/"does not contain" includes customers without the value.
    return negated[op] ? sql`not coalesce(${hit}, false)` : hit;
  }

  // Negative operators are the positive one negated, so a customer without the value (or whose
  // value is in another currency) is in "is not", "not in", "not set" and "not within".
  const negatedOf: Record<string, string> = {
    isNotSet: 'isSet',
    isNot: 'is',
    notIn: 'in',
    notWithinLastDays: 'withinLastDays',
  };
  const pos = negatedOf[op] ?? op;
  let hit: Raw;
  switch (pos) {
    case 'isSet':
      hit = field.list ? sql`cardinality(${x}) > 0` : sql`${x} is not null`;
      break;
    case 'is':
    case 'in':
      hit = sql`${x} = any(array[${sql.join(pos === 'in' ? list(1, 100) : [one()])}])`;
      break;
    case 'gt':
      hit = sql`${x} > ${one()}`;
      break;
    case 'gte':
    case 'after':
      hit = sql`${x} >= ${one()}`;
      break;
    case 'lt':
    case 'before':
      hit = sql`${x} < ${one()}`;
      break;
    case 'lte':
      hit = sql`${x} <= ${one()}`;
      break;
    case 'between': {
      const [lo, hi] = list(2, 2) as [Raw, Raw];
      hit = field.type === 'date' ? sql`(${x} >= ${lo} and ${x} < ${hi})` : sql`${x} between ${lo} and ${hi}`;
      break;
    }
    case 'withinLastDays':
      hit = sql`${x} >= ${days()}`;
      break;
    case 'topPercent':
    case 'bottomPercent':
      hit = percentile(c, x, scored, db);
      break;
    default:
      throw bad(path, `${op} is not an operator`);
  }
  const guard = field.guard && !(isScore && !scored) ? field.guard(env) : undefined;
  if (guard) hit = sql`(${guard} and ${hit})`;
  return negatedOf[op] ? sql`not coalesce(${hit}, false)` : hit;
}

/**
 * "Top/bottom N %" of a score: at least the value of the ceil(N % × scored)-th best customer
 * (ties at the cut are in). Found once per query (an InitPlan) by walking the score's index
 * from the top, not by sorting every score.
 */
function percentile(c: Checked, x: Raw, scored: boolean, db: Db): Raw {
  const { cond, path, field, env } = c;
  const p = cond.value;
  if (typeof p !== 'number' || p <= 0 || p > 100)
    throw bad(path, `${cond.op} needs a percentage above 0, at most 100`);
  const pop = scored ? field.population?.(db, env) : undefined;
  if (!pop) return sql`false`;
  const top = cond.op === 'topPercent';
  const cut = sql`(select v from (${pop}) p order by v ${sql.raw(top ? 'desc' : 'asc')}
    offset (select greatest(ceil(count(*) * ${p / 100}::float8) - 1, 0)::bigint from (${pop}) q) limit 1)`;
  return top ? sql`${x} >= ${cut}` : sql`${x} <= ${cut}`;
}

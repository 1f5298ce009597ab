import { distance } from 'fastest-levenshtein';
import { type RuleVariableName, ruleVariables } from './rule-variables.ts';

/** A parse or type error of a condition, in words a manager editing a rule understands. */
export type CelProblem = { message: string; range?: { start: number; end: number } };

const types: Record<string, string> = {
  int: 'a number',
  uint: 'a number',
  double: 'a number',
  string: 'text',
  bool: 'true or false',
  bytes: 'bytes',
  null: 'null',
  null_type: 'null',
  dyn: 'a value',
  'google.protobuf.Timestamp': 'a date and time',
  'google.protobuf.Duration': 'a duration',
};

/** "int" → "a number", "list<string>" → "a list", "google.protobuf.Timestamp" → "a date and time". */
export function plainType(t: string): string {
  const base = t.trim();
  if (base.startsWith('list')) return 'a list';
  if (base.startsWith('map')) return 'a map';
  return types[base] ?? base;
}

const tokens: Record<string, string> = {
  RPAREN: 'a closing “)”',
  LPAREN: 'an opening “(”',
  RBRACKET: 'a closing “]”',
  RBRACE: 'a closing “}”',
  IDENTIFIER: 'a field name',
  COLON: 'a “:”',
  COMMA: 'a “,”',
};

const comparisons = new Set(['==', '!=', '<', '<=', '>', '>=']);

function unexpected(text: string): string {
  if (text === '=') return '“=” is not expected here: to compare, write ==.';
  if (text === '&' || text.toLowerCase() === 'and')
    return `“${text}” is not expected here: write && for “and”.`;
  if (text === '|' || text.toLowerCase() === 'or')
    return `“${text}” is not expected here: write || for “or”.`;
  if (text === "'" || text === '"') return 'A text in quotes is not closed: add the closing quote.';
  return text ? `“${text}” is not expected here.` : 'Something is not expected here.';
}

/**
 * Turns a cel-js error into a sentence and the range of the source it points at. The library's
 * messages ("no such overload: google.protobuf.Timestamp > int") are written for programmers;
 * the ones it does not know are passed through as they are.
 */
export function explainCelError(err: unknown, source: string): CelProblem {
  const e = (err ?? {}) as { code?: string; summary?: string; message?: string; range?: CelProblem['range'] };
  const summary = e.summary ?? e.message ?? String(err);
  const range = e.range;
  const text = range ? source.slice(range.start, Math.max(range.end, range.start + 1)).trim() : '';
  const at = (message: string): CelProblem => ({ message, ...(range && { range }) });
  const eof = /\bEOF\b/.test(summary);
  let m: RegExpExecArray | null;
  switch (e.code) {
    case 'unexpected_token':
      return at(eof ? 'It ends too early: something is missing at the end.' : unexpected(text));
    case 'expected_token': {
      m = /^Expected (\w+), got (.+)$/.exec(summary);
      const want = (m?.[1] && tokens[m[1]]) ?? m?.[1]?.toLowerCase() ?? 'something';
      return at(
        eof ? `It ends too early: ${want} is missing.` : `${capital(want)} is expected before “${text}”.`,
      );
    }
    case 'unexpected_character':
      return at(unexpected(text));
    case 'unterminated_string':
      return at('A text in quotes is not closed: add the closing quote.');
    case 'unknown_variable': {
      const name = /Unknown variable: (\S+)/.exec(summary)?.[1] ?? text;
      return at(
        `There is no “${name}” to look at. A condition can name event, customer, scores and now; a text value needs quotes ("${name}").`,
      );
    }
    case 'no_such_key': {
      const name = /No such key: (\S+)/.exec(summary)?.[1] ?? text;
      return at(unknownField(name, range ? source.slice(0, range.start) : ''));
    }
    case 'no_such_overload': {
      m = /no such overload: (.+?) (==|!=|<=|>=|<|>|\+|-|\*|\/|%|in) (.+)$/.exec(summary);
      if (m?.[1] && m[2] && m[3]) {
        const [, a, op, b] = m;
        const ints = new Set(['int', 'uint']);
        if (
          (op === '==' || op === '!=') &&
          ((a === 'double' && ints.has(b)) || (ints.has(a) && b === 'double'))
        )
          return at(
            `A decimal number and a whole number are never ${op === '==' ? 'equal' : 'different'} here (${op}): write the number with a decimal point (50.0), or compare with <= / >=.`,
          );
        // The one list a manager is likely to compare with a number.
        const spend = /\blifetimeSpend\b(?!Minor)/.test(text)
          ? ' customer.lifetimeSpend is a list of amounts, one per currency: for a number, use customer.lifetimeSpendMinor.'
          : '';
        if (comparisons.has(op))
          return at(`${capital(plainType(a))} cannot be compared with ${plainType(b)} (${op}).${spend}`);
        if (op === 'in') return at(`“in” needs a list or a map on its right, not ${plainType(b)}.`);
        return at(`“${op}” cannot combine ${plainType(a)} with ${plainType(b)}.`);
      }
      return at(summary);
    }
    case 'no_matching_overload': {
      m = /overload for '([\w.]+)\((.*)\)'/.exec(summary);
      if (m?.[1] !== undefined) {
        const args = splitTypes(m[2] ?? '').map(plainType);
        return at(
          args.length
            ? `There is no function ${m[1]}() that takes ${args.join(', ').replace(/, ([^,]+)$/, ' and $1')}.`
            : `There is no function ${m[1]}() without arguments.`,
        );
      }
      return at(summary);
    }
    case 'incompatible_ternary_branches':
      return at('Both answers of “? :” must be of the same kind.');
    case 'invalid_macro_argument':
      return at(summary.startsWith('has()') ? 'has() needs a field, such as has(scores.health).' : summary);
    default:
      return at(summary.endsWith('.') ? summary : `${summary}.`);
  }
}

/**
 * "Unknown field “lifetimeSpnd” on customer: did you mean lifetimeSpend?" The owner is read from
 * the source just before the field (`customer.`); a field of something else (a map inside a
 * list) is matched against every field a rule can name.
 */
function unknownField(name: string, before: string): string {
  const owner = /([A-Za-z_]\w*)\s*\.\s*$/.exec(before)?.[1];
  const known = owner && owner in ruleVariables ? (owner as RuleVariableName) : undefined;
  const fields = known
    ? Object.keys(ruleVariables[known].fields)
    : [...new Set(Object.values(ruleVariables).flatMap((v) => Object.keys(v.fields)))];
  const on = known ? ` on ${known}` : '';
  const close = closest(name, fields);
  if (close.length) return `Unknown field “${name}”${on}: did you mean ${close.join(' or ')}?`;
  return `Unknown field “${name}”${on}. ${known ? `${capital(known)} has` : 'The fields are'}: ${fields.join(', ')}.`;
}

/** Up to three names within a few edits of `name` (case aside), or that contain it, nearest first. */
export function closest(name: string, names: string[]): string[] {
  const want = name.toLowerCase();
  const max = Math.max(2, Math.floor(want.length / 3));
  return names
    .map((n) => {
      const have = n.toLowerCase();
      const d = distance(want, have);
      return {
        n,
        d: want.length >= 4 && (have.includes(want) || want.includes(have)) ? Math.min(d, max) : d,
      };
    })
    .filter((c) => c.d <= max)
    .sort((a, b) => a.d - b.d || a.n.localeCompare(b.n))
    .slice(0, 3)
    .map((c) => c.n);
}

/**
 * Why a condition could not be evaluated for one customer or touchpoint, in a line: kept on the
 * rule as its last error. "No such key: health" → "scores.health is absent here: test it with has() first".
 */
export function explainRuntimeError(err: unknown): string {
  const first = (err instanceof Error ? err.message : String(err)).split('\n')[0]?.trim() ?? '';
  const key = /^No such key: (\S+)/.exec(first)?.[1];
  if (key) return `“${key}” is absent here: test it with has() first.`;
  const field = /^Field '(\w+)' is not of type '([^']+)', got '([^']+)'/.exec(first);
  if (field) return `“${field[1]}” is ${plainType(field[3] ?? '')} here, not ${plainType(field[2] ?? '')}.`;
  const overload = /no such overload: (.+?) (==|!=|<=|>=|<|>|\+|-|\*|\/|%|in) (.+)$/.exec(first);
  if (overload?.[1] && overload[3]) {
    const a = plainType(overload[1].replace(/^dyn<(.+)>$/i, '$1'));
    const b = plainType(overload[3].replace(/^dyn<(.+)>$/i, '$1'));
    return `Cannot use ${a} with ${b} (${overload[2]}): a field is null or of another kind here; test it first (== null, has()).`;
  }
  return (first || 'It could not be evaluated').slice(0, 300);
}

/** "int, map<string, int>" → ["int", "map<string, int>"]: commas inside <> belong to the type. */
function splitTypes(list: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of list) {
    if (ch === ',' && depth === 0) {
      out.push(current);
      current = '';
      continue;
    }
    if (ch === '<') depth++;
    if (ch === '>') depth--;
    current += ch;
  }
  out.push(current);
  return out.map((s) => s.trim()).filter(Boolean);
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

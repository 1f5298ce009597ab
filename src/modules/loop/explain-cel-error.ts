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
    case 'no_such_overload': {
      m = /no such overload: (.+?) (==|!=|<=|>=|<|>|\+|-|\*|\/|%|in) (.+)$/.exec(summary);
      if (m?.[1] && m[2] && m[3]) {
        const [, a, op, b] = m;
        if (comparisons.has(op))
          return at(`${capital(plainType(a))} cannot be compared with ${plainType(b)} (${op}).`);
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

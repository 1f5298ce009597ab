import { createHash } from 'node:crypto';
import pg from 'pg';

// Statement text → name, for the few reads hot enough that planning them on every call shows.
const names = new Map<string, string>();

/**
 * Marks a statement (its exact compiled text) to be sent as a named prepared statement: each
 * connection parses and plans it once and then only binds parameters, where an unnamed
 * statement is parsed and planned on every call (0.3–0.5 ms for the 360, issue 14). Names are
 * per text: registering the same text again is a no-op, another text under a taken name throws.
 */
export function nameStatement(name: string, text: string): void {
  if (names.get(text) === name) return;
  for (const [t, n] of names) {
    if (n === name && t !== text) throw new Error(`Statement name ${name} is already taken`);
  }
  names.set(text, name);
}

/**
 * Names a statement built at run time after its text (`prefix-` and a hash): for reads with a few
 * variants (optional joins, filters, a cursor), each variant planned once per connection.
 */
export function nameStatementByText(prefix: string, text: string): string {
  const known = names.get(text);
  if (known) return known;
  const name = `${prefix}-${createHash('sha1').update(text).digest('hex').slice(0, 12)}`;
  nameStatement(name, text);
  return name;
}

/**
 * The pool's client: sends registered texts with their name (pg keeps the prepared statement per
 * connection), every other query unchanged. Kysely calls `query(text, values)`.
 */
export class NamingClient extends pg.Client {
  // pg's query() has a dozen overloads; this one passes them all through.
  override query(...args: any[]): any {
    const [text, values] = args;
    const name = typeof text === 'string' && args.length <= 2 ? names.get(text) : undefined;
    if (name) return super.query({ name, text, values });
    return (super.query as (...a: unknown[]) => unknown)(...args);
  }
}

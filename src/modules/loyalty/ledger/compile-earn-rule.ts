import { Environment } from '@marcbachmann/cel-js';
import { AppError } from '../../../kernel/errors.ts';
import { type EarnFacts, earnVariables } from './earn-facts.ts';

/** A saved rule, ready to run: points for one purchase (0 when the condition does not hold). */
export type EarnRule = {
  id: string;
  name: string;
  run: (facts: EarnFacts) => number;
  /** Whether the rule may read `tier` / `isFirstPurchase`: without, earning skips those lookups. */
  needs: { tier: boolean; firstPurchase: boolean };
};

const env = new Environment({
  limits: { maxAstNodes: 500, maxDepth: 30, maxListElements: 100, maxMapEntries: 100, maxCallArguments: 8 },
});
for (const [name, type] of Object.entries(earnVariables)) env.registerVariable(name, type);

type Program = ReturnType<typeof env.parse>;

/** "line 1, column 5" from the character range cel-js reports, so the editor can point at it. */
function where(source: string, err: unknown): { line: number; column: number } | undefined {
  const range = (err as { range?: { start: number } }).range;
  if (!range) return undefined;
  const before = source.slice(0, range.start).split('\n');
  return { line: before.length, column: (before.at(-1)?.length ?? 0) + 1 };
}

function fail(field: 'condition' | 'points', source: string, err: unknown, message?: string): never {
  const pos = where(source, err);
  const summary: string =
    message ??
    ((err as { summary?: string }).summary ||
      (err instanceof Error ? (err.message.split('\n')[0] ?? '') : String(err)));
  const at = pos ? ` (line ${pos.line}, column ${pos.column})` : '';
  throw new AppError('validation_failed', `${field}: ${summary.replace(/\.$/, '')}${at}.`, {
    field,
    position: pos,
  });
}

function parse(field: 'condition' | 'points', source: string, want: 'bool' | 'int'): Program {
  if (!source.trim()) fail(field, source, {}, `${field} is empty`);
  let program: Program;
  try {
    program = env.parse(source);
  } catch (err) {
    fail(field, source, err);
  }
  const check = program.check();
  if (!check.valid) fail(field, source, check.error);
  if (check.type !== want && check.type !== 'dyn')
    fail(
      field,
      source,
      {},
      want === 'bool'
        ? `must give true or false, but gives ${check.type}`
        : `must give a whole number of points, but gives ${check.type}${check.type === 'double' ? ': wrap it in int(…)' : ''}`,
    );
  return program;
}

/**
 * Checks and compiles an earn rule, or throws a 400 saying which part is wrong and where. A
 * literal negative points expression (`-5`) is refused at save; one that only turns negative for
 * some purchase earns nothing for it (points are never taken away by an earn rule).
 */
export function compileEarnRule(r: {
  id: string;
  name: string;
  condition: string;
  points: string;
}): EarnRule {
  const condition = parse('condition', r.condition, 'bool');
  const points = parse('points', r.points, 'int');
  if (/^\s*-/.test(r.points)) fail('points', r.points, {}, 'points must not be negative');
  const run = (facts: EarnFacts): number => {
    const values = { ...facts, amountMinor: BigInt(facts.amountMinor) };
    if (condition(values) !== true) return 0;
    const p = points(values);
    const n = typeof p === 'bigint' ? Number(p) : Number(p);
    if (!Number.isSafeInteger(n)) throw new AppError('validation_failed', `points gave ${String(p)}`);
    return Math.max(0, Math.min(n, 10_000_000));
  };
  // A name inside a quoted text also counts: at worst a lookup too many, never one too few.
  const text = `${r.condition} ${r.points}`;
  const needs = { tier: /\btier\b/.test(text), firstPurchase: /\bisFirstPurchase\b/.test(text) };
  return { id: r.id, name: r.name, run, needs };
}

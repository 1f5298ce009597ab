import { type ASTNode, Environment } from '@marcbachmann/cel-js';
import { AppError } from '../../kernel/errors.ts';
import { type CelProblem, explainCelError, plainType } from './explain-cel-error.ts';

/** What a rule condition can see. Facts are plain maps, so a rule may name any property of them. */
export type RuleFacts = {
  event: Record<string, unknown> | null;
  customer: Record<string, unknown>;
  scores: Record<string, unknown>;
  now: Date;
};
export type Condition = (facts: RuleFacts) => boolean;

export type ConditionPosition = { start: number; end: number; line: number; column: number };
export type ConditionCheck =
  | { valid: true; type: string }
  | { valid: false; message: string; position?: ConditionPosition };

// Building an environment is the expensive part; one is shared by every rule of the process.
const env = new Environment({
  limits: { maxAstNodes: 2000, maxDepth: 50, maxListElements: 200, maxMapEntries: 200, maxCallArguments: 16 },
})
  .registerVariable('event', 'map', { description: 'The touchpoint that arrived (null for scheduled rules)' })
  .registerVariable('customer', 'map', { description: 'Profile and timeline aggregates of the customer' })
  .registerVariable('scores', 'map', { description: 'Insight scores such as health, when computed' })
  .registerVariable('now', 'google.protobuf.Timestamp', { description: 'The evaluation time' });

type Compiled = { fn: Condition; ast: ASTNode; type: string } | { problem: CelProblem };
const compiled = new Map<string, Compiled>();

function compile(source: string): Compiled {
  const hit = compiled.get(source);
  if (hit) return hit;
  let out: Compiled;
  if (!source.trim()) {
    out = { problem: { message: 'The condition is empty: write one that gives true or false.' } };
  } else {
    try {
      const program = env.parse(source);
      const check = program.check();
      if (!check.valid) out = { problem: explainCelError(check.error, source) };
      else if (check.type !== 'bool' && check.type !== 'dyn')
        out = {
          problem: {
            message: `It must give true or false, but it gives ${plainType(check.type ?? 'dyn')}.`,
          },
        };
      else {
        const fn: Condition = (facts) => {
          try {
            return program(facts as unknown as Record<string, unknown>) === true;
          } catch {
            return false;
          }
        };
        out = { fn, ast: program.ast, type: check.type };
      }
    } catch (err) {
      out = { problem: explainCelError(err, source) };
    }
  }
  // Rules are few and edited rarely; the bound only stops a flood of checks from growing it forever.
  if (compiled.size > 1000) compiled.clear();
  compiled.set(source, out);
  return out;
}

/** The first place an identifier is named, e.g. `event` in a scheduled rule. */
function findIdentifier(node: unknown, name: string): { start: number; end: number } | undefined {
  if (!node || typeof node !== 'object') return undefined;
  if (Array.isArray(node)) {
    for (const n of node) {
      const found = findIdentifier(n, name);
      if (found) return found;
    }
    return undefined;
  }
  const n = node as ASTNode;
  if (n.op === 'id') return n.args === name ? { start: n.start, end: n.end } : undefined;
  return 'args' in n ? findIdentifier(n.args, name) : undefined;
}

function positionOf(source: string, range: { start: number; end: number }): ConditionPosition {
  const before = source.slice(0, range.start).split('\n');
  return { ...range, line: before.length, column: (before.at(-1)?.length ?? 0) + 1 };
}

/**
 * Parses and type-checks a condition without running it, and says in plain words what is wrong
 * and where. With `trigger: 'schedule'` it also refuses `event`: a nightly rule has no
 * touchpoint, so such a condition could never be true.
 */
export function checkCondition(source: string, trigger?: 'event' | 'schedule'): ConditionCheck {
  const c = compile(source);
  if ('problem' in c) {
    const { message, range } = c.problem;
    return { valid: false, message, ...(range && { position: positionOf(source, range) }) };
  }
  if (trigger === 'schedule') {
    const at = findIdentifier(c.ast, 'event');
    if (at)
      return {
        valid: false,
        message:
          'A scheduled rule runs at night over customers, with no touchpoint: it cannot use event. Use customer, scores and now, or make it an event rule.',
        position: positionOf(source, at),
      };
  }
  return { valid: true, type: c.type };
}

/**
 * Returns a fast evaluator of a condition, or throws a 400 saying what is wrong with it. A
 * condition must be a boolean; a runtime error (a missing field compared without `has()`) counts
 * as "not matched", because a red flag must never be raised on a guess.
 */
export function compileCondition(source: string, trigger?: 'event' | 'schedule'): Condition {
  const check = checkCondition(source, trigger);
  if (!check.valid) {
    const where = check.position ? ` (line ${check.position.line}, column ${check.position.column})` : '';
    throw new AppError('validation_failed', `condition: ${check.message.replace(/\.$/, '')}${where}.`, {
      position: check.position,
    });
  }
  return (compile(source) as { fn: Condition }).fn;
}

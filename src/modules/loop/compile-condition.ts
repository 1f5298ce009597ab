import { type ASTNode, Environment } from '@marcbachmann/cel-js';
import { AppError } from '../../kernel/errors.ts';
import { type CelProblem, explainCelError, explainRuntimeError, plainType } from './explain-cel-error.ts';
import { ruleVariables, toCelValues } from './rule-variables.ts';

/**
 * What a rule condition can see. `event`, `customer` and `scores` are typed (rule-variables.ts):
 * a condition may name only the fields listed there, and free-form maps below them
 * (`event.properties`, `customer.customFields`).
 */
export type RuleFacts = {
  event: Record<string, unknown> | null;
  customer: Record<string, unknown>;
  scores: Record<string, unknown>;
  now: Date;
};
/** True when the condition holds; throws a ConditionError when it cannot be evaluated. */
export type Condition = (facts: RuleFacts) => boolean;

/**
 * A condition that failed at run time (a field that is null or absent here, a type it cannot
 * compare): not a "no", since a rule that errors on every customer would otherwise look quiet.
 */
export class ConditionError extends Error {}

/** Runs a condition and says whether it matched, or why it could not tell. */
export function runCondition(
  condition: Condition,
  facts: RuleFacts,
): { matched: boolean } | { error: string } {
  try {
    return { matched: condition(facts) };
  } catch (err) {
    if (err instanceof ConditionError) return { error: err.message };
    throw err;
  }
}

export type ConditionPosition = { start: number; end: number; line: number; column: number };
export type ConditionCheck =
  | { valid: true; type: string }
  | { valid: false; message: string; position?: ConditionPosition };

// Building an environment is the expensive part; one is shared by every rule of the process.
const env = new Environment({
  limits: { maxAstNodes: 2000, maxDepth: 50, maxListElements: 200, maxMapEntries: 200, maxCallArguments: 16 },
});
for (const [name, v] of Object.entries(ruleVariables)) {
  env.registerType(v.type, { fields: v.fields });
  env.registerVariable(name, v.type, { description: v.description });
}
env.registerVariable('now', 'google.protobuf.Timestamp', { description: 'The evaluation time' });

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
      const unknown = findUnknownField(program.ast);
      if (unknown) out = { problem: explainCelError(unknown, source) };
      else if (!check.valid) out = { problem: explainCelError(check.error, source) };
      else if (check.type !== 'bool' && check.type !== 'dyn')
        out = {
          problem: {
            message: `It must give true or false, but it gives ${plainType(check.type ?? 'dyn')}.`,
          },
        };
      else {
        const fn: Condition = (facts) => {
          let result: unknown;
          try {
            result = program({
              // A scheduled rule cannot name `event` (checked on save), so its null is never read.
              event: facts.event && toCelValues('event', facts.event),
              customer: toCelValues('customer', facts.customer),
              scores: toCelValues('scores', facts.scores),
              now: facts.now,
            });
          } catch (err) {
            throw new ConditionError(explainRuntimeError(err));
          }
          return result === true;
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

/**
 * A field of `event`, `customer` or `scores` that does not exist, as the checker's own error.
 * The type check finds most, but not inside has(), which it lets through as "absent".
 */
function findUnknownField(
  node: unknown,
): { code: string; summary: string; range: { start: number; end: number } } | undefined {
  if (!node || typeof node !== 'object') return undefined;
  if (Array.isArray(node)) {
    for (const n of node) {
      const found = findUnknownField(n);
      if (found) return found;
    }
    return undefined;
  }
  const n = node as ASTNode;
  if (n.op === '.' && Array.isArray(n.args)) {
    const [target, field] = n.args as [ASTNode, unknown];
    const variable = target?.op === 'id' && typeof target.args === 'string' ? target.args : undefined;
    if (variable && variable in ruleVariables && typeof field === 'string') {
      const fields = ruleVariables[variable as keyof typeof ruleVariables].fields;
      if (!(field in fields))
        return {
          code: 'no_such_key',
          summary: `No such key: ${field}`,
          range: { start: n.end - field.length, end: n.end },
        };
    }
  }
  return 'args' in n ? findUnknownField(n.args) : undefined;
}

/** Whether a valid condition names `name` (a rule that never names `customer` needs no customer facts). */
export function namesVariable(source: string, name: string): boolean {
  const c = compile(source);
  return 'problem' in c || findIdentifier(c.ast, name) !== undefined;
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
 * condition must be a boolean. A runtime error (a field that is null here compared without a
 * null check, a score read without `has()`) throws a ConditionError: no flag is raised on a
 * guess, and the caller counts it on the rule.
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

/**
 * Evaluates a stored rule's condition: a condition saved before the checks knew its mistake (a
 * field that does not exist) is reported as this rule's error rather than stopping the others.
 */
export function evaluateRule(
  rule: { condition: string },
  facts: RuleFacts,
): { matched: boolean } | { error: string } {
  const check = checkCondition(rule.condition);
  if (!check.valid) return { error: `The condition does not pass the checks: ${check.message}` };
  return runCondition(compileCondition(rule.condition), facts);
}

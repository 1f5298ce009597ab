import { Environment } from '@marcbachmann/cel-js';
import { AppError } from '../../kernel/errors.ts';

/** What a rule condition can see. Facts are plain maps, so a rule may name any property of them. */
export type RuleFacts = {
  event: Record<string, unknown> | null;
  customer: Record<string, unknown>;
  scores: Record<string, unknown>;
  now: Date;
};
export type Condition = (facts: RuleFacts) => boolean;

// Building an environment is the expensive part; one is shared by every rule of the process.
const env = new Environment({
  limits: { maxAstNodes: 2000, maxDepth: 50, maxListElements: 200, maxMapEntries: 200, maxCallArguments: 16 },
})
  .registerVariable('event', 'map', { description: 'The touchpoint that arrived (null for scheduled rules)' })
  .registerVariable('customer', 'map', { description: 'Profile and timeline aggregates of the customer' })
  .registerVariable('scores', 'map', { description: 'Insight scores such as health, when computed' })
  .registerVariable('now', 'google.protobuf.Timestamp', { description: 'The evaluation time' });

const compiled = new Map<string, Condition>();

/**
 * Parses and type-checks a CEL condition once and returns a fast evaluator. A condition must be a
 * boolean; a runtime error (a missing field compared without `has()`) counts as "not matched",
 * because a red flag must never be raised on a guess.
 */
export function compileCondition(source: string): Condition {
  const hit = compiled.get(source);
  if (hit) return hit;
  let program: ReturnType<typeof env.parse>;
  try {
    program = env.parse(source);
  } catch (err) {
    throw new AppError('validation_failed', `condition: ${(err as Error).message}`);
  }
  const check = program.check();
  if (!check.valid)
    throw new AppError('validation_failed', `condition: ${check.error?.message ?? 'type error'}`);
  if (check.type !== 'bool' && check.type !== 'dyn') {
    throw new AppError('validation_failed', `condition: must be true or false, but it gives a ${check.type}`);
  }
  const fn: Condition = (facts) => {
    try {
      return program(facts as unknown as Record<string, unknown>) === true;
    } catch {
      return false;
    }
  };
  // Rules are few and edited rarely; the bound only stops a flood of dry runs from growing it forever.
  if (compiled.size > 1000) compiled.clear();
  compiled.set(source, fn);
  return fn;
}

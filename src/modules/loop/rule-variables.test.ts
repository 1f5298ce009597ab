import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkCondition, compileCondition, runCondition } from './compile-condition.ts';
import { ruleVariables } from './rule-variables.ts';

// The checker knows the fields that exist (issue 15: `customer.lifetimeSpend` was shown as
// "Valid" in a rule that could never fire), and docs/loop.md lists the same fields.

/** The message of a refused condition. */
const refusal = (condition: string) => {
  const c = checkCondition(condition);
  return c.valid ? undefined : c.message;
};

const docs = readFileSync(new URL('../../../docs/loop.md', import.meta.url), 'utf8');

/** The fields docs/loop.md lists under "  - `customer`: …" (up to the next list item). */
function documented(variable: string): string[] {
  const start = docs.indexOf(`  - \`${variable}\``);
  expect(start, `docs/loop.md lists ${variable}`).toBeGreaterThan(0);
  const end = docs.indexOf('\n  - ', start + 1);
  const item = docs.slice(start, end).split(':').slice(1).join(':');
  // Only the field names: the first `code` of each comma-separated part.
  return item
    .replace(/\([^)]*\)/g, '')
    .split(',')
    .map((part) => /`([A-Za-z]\w*)`/.exec(part)?.[1])
    .filter((f): f is string => f !== undefined);
}

describe('rule condition fields', () => {
  for (const variable of Object.keys(ruleVariables) as (keyof typeof ruleVariables)[]) {
    it(`accepts every field docs/loop.md lists for ${variable}, and the docs list every one`, () => {
      const listed = documented(variable);
      for (const field of listed) {
        expect(checkCondition(`has(${variable}.${field})`)).toEqual({ valid: true, type: 'bool' });
        expect(checkCondition(`${variable}.${field} == ${variable}.${field}`)).toEqual({
          valid: true,
          type: 'bool',
        });
      }
      expect(listed.sort()).toEqual(Object.keys(ruleVariables[variable].fields).sort());
    });
  }

  it('refuses a misspelled field, saying where and suggesting the nearest names', () => {
    expect(checkCondition('customer.highValue && customer.lifetimeSpnd > 100000')).toEqual({
      valid: false,
      message: 'Unknown field “lifetimeSpnd” on customer: did you mean lifetimeSpend?',
      position: { start: 31, end: 43, line: 1, column: 32 },
    });
    expect(refusal('customer.spend > 5')).toBe(
      'Unknown field “spend” on customer: did you mean lifetimeSpend or lifetimeSpendMinor?',
    );
    expect(refusal('has(scores.helth)')).toBe('Unknown field “helth” on scores: did you mean health?');
    expect(refusal('event.knd == "ticket"')).toBe('Unknown field “knd” on event: did you mean kind?');
    expect(refusal('customer.zzz == 1')).toMatch(
      /^Unknown field “zzz” on customer\. Customer has: id, name,/,
    );
    expect(() => compileCondition('customer.purchasCount >= 3')).toThrow(
      'condition: Unknown field “purchasCount” on customer: did you mean purchaseCount? (line 1, column 10).',
    );
  });

  it('refuses a list compared with a number, saying which field to use', () => {
    expect(refusal('customer.lifetimeSpend > 100000')).toBe(
      'A list cannot be compared with a number (>). customer.lifetimeSpend is a list of amounts, one per currency: for a number, use customer.lifetimeSpendMinor.',
    );
  });

  it('still lets free-form maps be read by any key, and compares whole numbers with whole numbers', () => {
    const facts = {
      event: { kind: 'ticket', properties: { plan: 'gold', score: 3 } },
      customer: {
        purchaseCount: 3,
        daysSinceLastPurchase: 75,
        meanPurchaseIntervalDays: 30,
        customFields: { tier: 'a' },
      },
      scores: { health: 50 },
      now: new Date(),
    };
    const run = (c: string) => runCondition(compileCondition(c), facts);
    expect(run('event.properties.plan == "gold" && event.properties.score <= 6')).toEqual({ matched: true });
    expect(run('customer.customFields.tier == "a" && customer.purchaseCount == 3')).toEqual({
      matched: true,
    });
    expect(run('customer.daysSinceLastPurchase > 2.0 * customer.meanPurchaseIntervalDays')).toEqual({
      matched: true,
    });
    expect(run('scores.health >= 50 && scores.health == 50.0')).toEqual({ matched: true });
    expect(refusal('scores.health == 50')).toMatch(/^A decimal number and a whole number are never equal/);
  });
});

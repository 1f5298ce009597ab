import { describe, expect, it } from 'vitest';
import { jsonShapeProblem, MAX_JSON_ARRAY, MAX_JSON_DEPTH } from './json-guard.ts';

const nest = (levels: number, leaf: unknown): unknown => {
  let v = leaf;
  for (let i = 0; i < levels; i++) v = { k: v };
  return v;
};

describe('jsonShapeProblem', () => {
  it('accepts what stays within the bounds, scalars at any allowed depth included', () => {
    expect(jsonShapeProblem(null)).toBeUndefined();
    expect(jsonShapeProblem('text')).toBeUndefined();
    expect(jsonShapeProblem({ events: [{ a: 1, b: [1, 'x', null], c: { d: true } }] })).toBeUndefined();
    expect(jsonShapeProblem(nest(MAX_JSON_DEPTH, 1))).toBeUndefined();
    expect(jsonShapeProblem({ a: Array(MAX_JSON_ARRAY).fill({}) })).toBeUndefined();
  });

  it('names the path of a container nested too deep', () => {
    expect(jsonShapeProblem(nest(MAX_JSON_DEPTH, {}))).toBe(
      `${'.k'.repeat(MAX_JSON_DEPTH)}: nested deeper than ${MAX_JSON_DEPTH} levels`,
    );
    expect(jsonShapeProblem({ events: [{}, { properties: nest(MAX_JSON_DEPTH - 3, []) }] })).toBe(
      `.events.1.properties${'.k'.repeat(MAX_JSON_DEPTH - 3)}: nested deeper than ${MAX_JSON_DEPTH} levels`,
    );
  });

  it('names the path of a too long array, keys cut at 40 characters', () => {
    const key = 'x'.repeat(50);
    expect(jsonShapeProblem({ a: [0, { [key]: Array(MAX_JSON_ARRAY + 1).fill(0) }] })).toBe(
      `.a.1.${'x'.repeat(40)}: an array of ${MAX_JSON_ARRAY + 1} items (at most ${MAX_JSON_ARRAY} anywhere)`,
    );
  });
});

/** Deeper than this no request of Tenure's ever goes; module schemas set tighter bounds per field. */
export const MAX_JSON_DEPTH = 32;
/** The longest array any route accepts is a 2,500-message Segment batch. */
export const MAX_JSON_ARRAY = 5000;

/**
 * Where a parsed JSON body is too deep or holds too long an array (" .a.b: …"), or undefined.
 * Iterative: a hostile depth cannot overflow the stack here.
 */
export function jsonShapeProblem(value: unknown): string | undefined {
  const stack: { v: unknown; path: string; depth: number }[] = [{ v: value, path: '', depth: 0 }];
  while (stack.length) {
    const { v, path, depth } = stack.pop() as (typeof stack)[number];
    if (!v || typeof v !== 'object') continue;
    if (depth >= MAX_JSON_DEPTH) return `${path}: nested deeper than ${MAX_JSON_DEPTH} levels`;
    if (Array.isArray(v)) {
      if (v.length > MAX_JSON_ARRAY)
        return `${path}: an array of ${v.length} items (at most ${MAX_JSON_ARRAY} anywhere)`;
      for (let i = 0; i < v.length; i++) stack.push({ v: v[i], path: `${path}.${i}`, depth: depth + 1 });
    } else {
      for (const [k, x] of Object.entries(v))
        stack.push({ v: x, path: `${path}.${k.slice(0, 40)}`, depth: depth + 1 });
    }
  }
  return undefined;
}

/** Deeper than this no request of Tenure's ever goes; module schemas set tighter bounds per field. */
export const MAX_JSON_DEPTH = 32;
/** The longest array any route accepts is a 2,500-message Segment batch. */
export const MAX_JSON_ARRAY = 5000;

/**
 * Where a parsed JSON body is too deep or holds too long an array (" .a.b: …"), or undefined.
 * Iterative: a hostile depth cannot overflow the stack here. Every request body passes through it
 * (an ingest batch has ~15,000 values), so it visits only objects and arrays (a scalar can be
 * neither too deep nor too long) and builds a path only for the problem it reports.
 */
export function jsonShapeProblem(value: unknown): string | undefined {
  if (!value || typeof value !== 'object') return undefined;
  // Containers seen so far, with their depth, their parent's index and their key in that parent.
  const seen: object[] = [value];
  const depths: number[] = [0];
  const parents: number[] = [-1];
  const keys: string[] = [''];
  const pathOf = (i: number): string => {
    const parts: string[] = [];
    for (let at = i; at > 0; at = parents[at] as number) parts.push(keys[at] as string);
    return parts.reverse().join('');
  };
  const stack: number[] = [0];
  while (stack.length) {
    const i = stack.pop() as number;
    const v = seen[i] as object;
    const depth = depths[i] as number;
    if (depth >= MAX_JSON_DEPTH) return `${pathOf(i)}: nested deeper than ${MAX_JSON_DEPTH} levels`;
    const add = (x: unknown, key: string | number) => {
      if (!x || typeof x !== 'object') return;
      stack.push(seen.length);
      seen.push(x);
      depths.push(depth + 1);
      parents.push(i);
      keys.push(typeof key === 'number' ? `.${key}` : `.${key.slice(0, 40)}`);
    };
    if (Array.isArray(v)) {
      if (v.length > MAX_JSON_ARRAY)
        return `${pathOf(i)}: an array of ${v.length} items (at most ${MAX_JSON_ARRAY} anywhere)`;
      for (let k = 0; k < v.length; k++) add(v[k], k);
    } else {
      for (const k of Object.keys(v)) add((v as Record<string, unknown>)[k], k);
    }
  }
  return undefined;
}

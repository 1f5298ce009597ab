import { AppError } from '../../../kernel/errors.ts';

/** How the fields of one import kind are found in a file: a column, a constant, or absent. */
export type ColumnPlan = {
  column: Map<string, number>;
  constant: Map<string, string>;
  /** Columns no field uses; kept as properties or custom fields unless dropped. */
  extra: { name: string; index: number }[];
  width: number;
};

export type FieldSet = {
  fields: readonly string[];
  /** Each group needs at least one of its fields, from a column or a constant. */
  required: readonly (readonly string[])[];
};

// "external_id", "External ID" and "externalId" all name the same field by default.
const loose = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');

/** Parses repeated `--map field=column` or `--set field=value` flags. */
export function parseAssignments(list: readonly string[], flag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of list) {
    const eq = item.indexOf('=');
    if (eq <= 0)
      throw new AppError(
        'bad_request',
        `${flag} ${item}: expected field=${flag === '--map' ? 'column' : 'value'}`,
      );
    out[item.slice(0, eq).trim()] = item.slice(eq + 1);
  }
  return out;
}

/**
 * Decides, once per file, where each field comes from. A field reads the column named by
 * `--map`, else a column named like the field, and `--set` supplies a constant instead. Fails
 * before a single row is read when the file cannot possibly satisfy the required fields.
 */
export function planColumns(
  header: readonly string[],
  set: FieldSet,
  map: Record<string, string>,
  constants: Record<string, string>,
): ColumnPlan {
  const known = new Set(set.fields);
  for (const [flag, given] of [
    ['--map', map],
    ['--set', constants],
  ] as const) {
    for (const field of Object.keys(given)) {
      if (!known.has(field)) {
        throw new AppError(
          'bad_request',
          `${flag} ${field}: unknown field; fields are ${set.fields.join(', ')}`,
        );
      }
    }
  }
  const listed = `columns in the file: ${header.join(', ') || '(none)'}`;
  const column = new Map<string, number>();
  const constant = new Map<string, string>();
  const taken = new Set<number>();
  // Explicit --map first, so a column named by it is never also claimed by a default name match.
  for (const field of set.fields) {
    if (field in map && field in constants) {
      throw new AppError('bad_request', `${field} is given by both --map and --set; choose one`);
    }
    if (field in constants) constant.set(field, constants[field] as string);
    const wanted = map[field];
    if (wanted === undefined) continue;
    let at = header.indexOf(wanted);
    if (at < 0) at = header.findIndex((h) => loose(h) === loose(wanted));
    if (at < 0)
      throw new AppError(
        'bad_request',
        `--map ${field}=${wanted}: there is no column "${wanted}" (${listed})`,
      );
    column.set(field, at);
    taken.add(at);
  }
  for (const field of set.fields) {
    if (column.has(field) || constant.has(field)) continue;
    const at = header.findIndex((h, i) => !taken.has(i) && loose(h) === loose(field));
    if (at >= 0) {
      column.set(field, at);
      taken.add(at);
    }
  }
  for (const group of set.required) {
    if (!group.some((f) => column.has(f) || constant.has(f))) {
      const options = group.map((f) => `--map ${f}=COLUMN or --set ${f}=VALUE`).join(', or ');
      throw new AppError('bad_request', `No ${group.join(' or ')}: give ${options} (${listed})`);
    }
  }
  const extra = header.flatMap((name, index) => (taken.has(index) ? [] : [{ name, index }]));
  return { column, constant, extra, width: header.length };
}

/** Reads a field of one record: the constant, else the trimmed cell; empty cells count as absent. */
export function fieldOf(plan: ColumnPlan, fields: readonly string[], field: string): string | undefined {
  const constant = plan.constant.get(field);
  if (constant !== undefined) return constant;
  const at = plan.column.get(field);
  if (at === undefined) return undefined;
  const v = fields[at]?.trim();
  return v === '' ? undefined : v;
}

/** The extra columns of one record as an object, skipping empty cells. */
export function extrasOf(plan: ColumnPlan, fields: readonly string[]): Record<string, string> | undefined {
  let out: Record<string, string> | undefined;
  for (const { name, index } of plan.extra) {
    const v = fields[index]?.trim();
    if (v) {
      out ??= {};
      out[name] = v;
    }
  }
  return out;
}

import { type RawBuilder, sql } from 'kysely';

export const listSorts = ['name', 'firstSeen', 'health', 'pAlive', 'clv'] as const;
export type ListSort = (typeof listSorts)[number];

export type Dir = 'asc' | 'desc';

export type SortKey = {
  /** The key as SQL over `c` (customer) and `s` (the scores relation). */
  expr: RawBuilder<unknown>;
  fromScores: boolean;
  /** ORDER BY the key, then the id column given, in one direction. */
  order: (dir: Dir, id: RawBuilder<unknown>) => RawBuilder<unknown>;
  /** Rows after the cursor's key value and id. */
  after: (dir: Dir, value: string | null, id: RawBuilder<unknown>, lastId: string) => RawBuilder<unknown>;
  /** Customers with a value come first (`present`), those without follow (`absent`). */
  present?: RawBuilder<unknown>;
  absent?: RawBuilder<unknown>;
  /** Whether the key still orders the customers without a value (the name: they sort by email). */
  ordersAbsent?: boolean;
};

/** A key in its type's natural order; `type` casts the cursor's text back. */
const natural = (expr: RawBuilder<unknown>, type: string) => ({
  expr,
  order: (dir: Dir, id: RawBuilder<unknown>) => sql`${expr} ${sql.raw(dir)}, ${id} ${sql.raw(dir)}`,
  after: (dir: Dir, v: string | null, id: RawBuilder<unknown>, lastId: string) =>
    sql`(${expr}, ${id}) ${sql.raw(dir === 'asc' ? '>' : '<')} (${v}::${sql.raw(type)}, ${lastId}::uuid)`,
});

/**
 * A text key in byte order (the text_pattern_ops operators), whatever the database's collation:
 * its index then also serves `like 'ab%'`, which a collation-aware index does only under "C".
 */
const bytewise = (expr: RawBuilder<unknown>) => ({
  expr,
  order: (dir: Dir, id: RawBuilder<unknown>) =>
    sql`${expr} using ${sql.raw(dir === 'asc' ? '~<~' : '~>~')}, ${id} ${sql.raw(dir)}`,
  after: (dir: Dir, v: string | null, id: RawBuilder<unknown>, lastId: string) =>
    dir === 'asc'
      ? sql`${expr} ~>=~ ${v} and (${expr} ~>~ ${v} or ${id} > ${lastId}::uuid)`
      : sql`${expr} ~<=~ ${v} and (${expr} ~<~ ${v} or ${id} < ${lastId}::uuid)`,
});

type ScoreColumn = 'health' | 'p_alive' | 'clv_minor';

/**
 * The customer list's sort keys. `unscored(col)` is the condition "no value of that score"
 * (undefined without a scores provider, when nobody has one).
 */
export function listSortKeys(
  unscored: (col: ScoreColumn) => RawBuilder<unknown> | undefined,
): Record<ListSort, SortKey> {
  const scoreKey = (col: ScoreColumn, type: string): SortKey => ({
    ...natural(sql.ref(`s.${col}`), type),
    fromScores: true,
    present: sql`${sql.ref(`s.${col}`)} is not null`,
    absent: unscored(col) ?? sql`true`,
  });
  return {
    // search_text is the lower-cased name, then the emails: case does not decide the order.
    name: {
      ...bytewise(sql`c.search_text`),
      fromScores: false,
      present: sql`c.name is not null`,
      absent: sql`c.name is null`,
      ordersAbsent: true,
    },
    firstSeen: { ...natural(sql`c.first_seen_at`, 'timestamptz'), fromScores: false },
    health: scoreKey('health', 'smallint'),
    pAlive: scoreKey('p_alive', 'real'),
    clv: scoreKey('clv_minor', 'bigint'),
  };
}

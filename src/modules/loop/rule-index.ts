import { type Kysely, sql } from 'kysely';
import type { Database } from '../../kernel/db/database.ts';
import type { RecordedInteraction } from '../customers/index.ts';
import { eventFacts } from './build-rule-facts.ts';
import { evaluateRule, namesVariable } from './compile-condition.ts';

type IndexedRule = {
  id: string;
  condition: string;
  /** Names nothing but `event`: decided from the touchpoint alone, at ingest. */
  eventOnly: boolean;
};

/** The enabled event rules of one database, found by (kind, channel) without a query. */
export class RuleIndex {
  private readonly byKindChannel = new Map<string, IndexedRule[]>();
  readonly version: string;
  private readonly rules: (IndexedRule & { kinds: string[]; channels: string[] })[];
  constructor(version: string, rules: (IndexedRule & { kinds: string[]; channels: string[] })[]) {
    this.version = version;
    this.rules = rules;
  }

  get size(): number {
    return this.rules.length;
  }

  /** The rules that listen to this kind and channel (an empty list in a rule means "any"). */
  listening(kind: string, channel: string): IndexedRule[] {
    const key = `${kind}\u0000${channel}`;
    let hit = this.byKindChannel.get(key);
    if (!hit) {
      hit = this.rules.filter(
        (r) =>
          (r.kinds.length === 0 || r.kinds.includes(kind)) &&
          (r.channels.length === 0 || r.channels.includes(channel)),
      );
      // Kinds are free text: the bound keeps a flood of odd kinds from growing the map forever.
      if (this.byKindChannel.size > 10_000) this.byKindChannel.clear();
      this.byKindChannel.set(key, hit);
    }
    return hit;
  }

  /**
   * The ids of the rules the worker must evaluate for this touchpoint. A rule that looks at the
   * touchpoint alone is decided here and left out when it says no; one that fails here is kept,
   * so the worker counts its error on the rule.
   */
  rulesFor(e: RecordedInteraction): string[] {
    const listening = this.listening(e.kind, e.channel);
    if (listening.length === 0) return [];
    let event: Record<string, unknown> | undefined;
    const out: string[] = [];
    for (const r of listening) {
      if (r.eventOnly) {
        event ??= eventFacts(e);
        const o = evaluateRule(r, { event, customer: {}, scores: {}, now: NO_TIME });
        if ('matched' in o && !o.matched) continue;
      }
      out.push(r.id);
    }
    return out;
  }
}

// Event-only rules do not name `now`, so its value never matters to them.
const NO_TIME = new Date(0);
const eventOnly = (condition: string) =>
  !namesVariable(condition, 'customer') &&
  !namesVariable(condition, 'scores') &&
  !namesVariable(condition, 'now');

// One index per database (a process may serve several, as tests do), replaced when its version moves.
const indexes = new Map<string, RuleIndex>();

/**
 * The current rule index: one primary-key read of the version row, and a reload of the rules
 * only when the version moved since this process last looked (a trigger changes it on every
 * rule change, whichever process made it). The version is read before the rules, so a change
 * landing in between is seen again at the next call rather than missed.
 */
export async function loadRuleIndex(db: Kysely<Database>): Promise<RuleIndex> {
  const { rows } = await sql<{ db: string; version: string }>`
    select current_database() as db, version from red_flag_rule_version`.execute(db);
  const v = rows[0];
  if (!v) throw new Error('red_flag_rule_version has no row: migrations not applied');
  const cached = indexes.get(v.db);
  if (cached?.version === v.version) return cached;
  const rules = await db
    .selectFrom('red_flag_rule')
    .select(['id', 'event_kinds', 'event_channels', 'condition'])
    .where('enabled', '=', true)
    .where('trigger', '=', 'event')
    .orderBy('id')
    .execute();
  const index = new RuleIndex(
    v.version,
    rules.map((r) => ({
      id: r.id,
      condition: r.condition,
      kinds: r.event_kinds,
      channels: r.event_channels,
      eventOnly: eventOnly(r.condition),
    })),
  );
  indexes.set(v.db, index);
  return index;
}

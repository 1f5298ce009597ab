/**
 * The fields a rule condition can name, with their CEL types: the checker refuses any other
 * field (with a "did you mean …?"), so a misspelled rule is refused at save instead of never
 * firing. `dyn` marks a field that may be null (compare with `== null` first). Whole numbers are
 * `int`, so `customer.purchaseCount == 3` type-checks; build-rule-facts.ts fills these exactly,
 * and docs/loop.md lists them (a test keeps the three in step).
 */
export type FieldType =
  | 'string'
  | 'int'
  | 'double'
  | 'bool'
  | 'dyn'
  | 'google.protobuf.Timestamp'
  | 'map<string, dyn>'
  | 'list<map<string, dyn>>';

export type RuleVariable = {
  type: string;
  description: string;
  fields: Record<string, FieldType>;
};

export const ruleVariables = {
  event: {
    type: 'Event',
    description: 'The touchpoint that arrived (event rules only)',
    fields: {
      kind: 'string',
      channel: 'string',
      direction: 'dyn',
      source: 'string',
      sourceId: 'string',
      occurredAt: 'google.protobuf.Timestamp',
      amountMinor: 'dyn',
      currency: 'dyn',
      sentiment: 'dyn',
      properties: 'map<string, dyn>',
    },
  },
  customer: {
    type: 'Customer',
    description: 'Profile and timeline aggregates of the customer',
    fields: {
      id: 'string',
      name: 'dyn',
      status: 'string',
      lifecycleStage: 'dyn',
      timeZone: 'dyn',
      locale: 'dyn',
      ownerId: 'dyn',
      customFields: 'map<string, dyn>',
      firstSeenAt: 'google.protobuf.Timestamp',
      tenureDays: 'int',
      purchaseCount: 'int',
      firstPurchaseAt: 'dyn',
      lastPurchaseAt: 'dyn',
      daysSinceLastPurchase: 'dyn',
      meanPurchaseIntervalDays: 'dyn',
      lifetimeSpend: 'list<map<string, dyn>>',
      lifetimeSpendMinor: 'int',
      highValue: 'bool',
      lastContactAt: 'dyn',
      lastContactChannel: 'dyn',
      daysSinceLastContact: 'dyn',
      interactionCount: 'int',
      openItems: 'int',
    },
  },
  scores: {
    type: 'Scores',
    description: 'Insight scores, absent until computed: test with has()',
    fields: {
      scoredAt: 'google.protobuf.Timestamp',
      lapsed: 'bool',
      health: 'double',
      healthDrop30d: 'double',
      pAlive: 'double',
      churnProbability: 'double',
      expectedPurchases: 'double',
      clvMinor: 'int',
      rfmSegment: 'string',
    },
  },
} as const satisfies Record<string, RuleVariable>;

export type RuleVariableName = keyof typeof ruleVariables;

// Fields that hold whole numbers which may be null: CEL integers are BigInt, so they are
// converted like the `int` ones when they are numbers.
const nullableInts = new Set(['daysSinceLastPurchase', 'daysSinceLastContact', 'amountMinor']);

/**
 * The facts as CEL wants them: whole-number fields as BigInt (JavaScript numbers are CEL
 * doubles). A copy: the caller's facts are read again to describe a match.
 */
export function toCelValues(name: RuleVariableName, value: Record<string, unknown>): Record<string, unknown> {
  const fields = ruleVariables[name].fields as Record<string, FieldType>;
  let out: Record<string, unknown> | undefined;
  for (const [k, v] of Object.entries(value)) {
    if (typeof v !== 'number' || (fields[k] !== 'int' && !nullableInts.has(k))) continue;
    out ??= { ...value };
    out[k] = Number.isFinite(v) ? BigInt(Math.trunc(v)) : v;
  }
  return out ?? value;
}

import { Code, List, Stack, Text, Title } from '@mantine/core';

/**
 * What a condition can name, as the API documents it (POST /api/v1/rules, docs/loop.md; the facts
 * are built in src/modules/loop/build-rule-facts.ts and load-scores.ts).
 */
const variables: { name: string; what: string; fields: string }[] = [
  {
    name: 'event',
    what: 'The touchpoint that arrived (event rules only).',
    fields:
      'kind, channel, direction, source, occurredAt, sentiment (−1…1), amountMinor, currency, properties. A survey answer carries properties.type ("nps", "csat", "ces"), score, comment and themes.',
  },
  {
    name: 'customer',
    what: 'The customer as they are now.',
    fields:
      'status, lifecycleStage, customFields, tenureDays, purchaseCount, daysSinceLastPurchase, meanPurchaseIntervalDays, lifetimeSpendMinor, highValue, daysSinceLastContact, interactionCount, openItems.',
  },
  {
    name: 'scores',
    what: 'Insight scores, once computed: test with has() first.',
    fields:
      'health (0–100), healthDrop30d, pAlive, churnProbability, expectedPurchases, clvMinor, rfmSegment.',
  },
  { name: 'now', what: 'The time of the check.', fields: 'Compare with timestamps: now - duration("72h").' },
];

const examples: { what: string; cel: string }[] = [
  { what: 'NPS detractor', cel: 'event.properties.type == "nps" && event.properties.score <= 6' },
  {
    what: 'Angry high-value customer',
    cel: 'customer.highValue && event.sentiment != null && event.sentiment <= -0.5',
  },
  { what: 'Quiet for 90 days', cel: 'customer.status == "active" && customer.daysSinceLastContact >= 90' },
  { what: 'Health falling', cel: 'has(scores.healthDrop30d) && scores.healthDrop30d >= 20' },
];

export function ConditionReference() {
  return (
    <Stack gap="xs" component="section" aria-labelledby="condition-reference">
      <Title order={2} size="h5" id="condition-reference">
        What a condition can use
      </Title>
      <Text size="sm">
        Conditions are written in CEL and must give true or false. Combine with <Code>&&</Code> (and),{' '}
        <Code>||</Code> (or) and <Code>!</Code> (not); compare with <Code>==</Code>, <Code>!=</Code>,{' '}
        <Code>&lt;</Code>, <Code>&lt;=</Code>, <Code>&gt;</Code>, <Code>&gt;=</Code>; put text in quotes.
      </Text>
      <dl style={{ margin: 0 }}>
        {variables.map((v) => (
          <div key={v.name} style={{ marginBottom: 'var(--mantine-spacing-xs)' }}>
            <Text component="dt" size="sm" fw={600}>
              <Code>{v.name}</Code> — {v.what}
            </Text>
            <Text component="dd" size="sm" c="dimmed" ml="md">
              {v.fields}
            </Text>
          </div>
        ))}
      </dl>
      <Text size="sm" fw={600}>
        Examples
      </Text>
      <List size="sm" spacing={4}>
        {examples.map((e) => (
          <List.Item key={e.what}>
            {e.what}: <Code style={{ whiteSpace: 'pre-wrap' }}>{e.cel}</Code>
          </List.Item>
        ))}
      </List>
      <Text size="xs" c="dimmed">
        A field that is missing makes the condition false rather than raising a flag on a guess.
      </Text>
    </Stack>
  );
}

import { Alert, Anchor, Button, Group, Paper, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'wouter';
import { formatDate, formatDateTime } from '../../ui/format.ts';
import { type DryRun, type DryRunBody, type Rule, useDryRun } from './api.ts';
import { describeSaveError } from './words.ts';

type RuleDraft = Pick<Rule, 'trigger' | 'condition' | 'eventKinds' | 'eventChannels'>;

const periods = [
  { value: '7', label: 'Last 7 days' },
  { value: '30', label: 'Last 30 days' },
  { value: '90', label: 'Last 90 days' },
];

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString()} ${n === 1 ? one : many}`;

/** "Would have raised 3 red flags (2 customers) between 2 Mar 2026 and 1 Apr 2026." */
export function dryRunSentence(r: DryRun, trigger: Rule['trigger']): string {
  if (trigger === 'schedule') {
    if (r.evaluated === 0) return 'There are no active customers to check tonight.';
    return r.matched === 0
      ? `Tonight it would raise no red flags among the ${plural(r.evaluated, 'active customer')} checked.`
      : `Tonight it would raise ${plural(r.matched, 'red flag')}, among the ${plural(r.evaluated, 'active customer')} checked.`;
  }
  const window = `between ${formatDate(r.from)} and ${formatDate(r.to)}`;
  if (!r.complete) {
    const found =
      r.matched === 0
        ? 'no red flags'
        : `${plural(r.matched, 'red flag')} (${plural(r.customers, 'customer')})`;
    return `Only the touchpoints ${window} were checked, not the whole period asked for (from ${formatDate(r.requestedFrom)}): there it would have raised ${found}.`;
  }
  if (r.evaluated === 0) return `There were no touchpoints of these kinds ${window}.`;
  return r.matched === 0
    ? `Would have raised no red flags ${window}.`
    : `Would have raised ${plural(r.matched, 'red flag')} (${plural(r.customers, 'customer')}) ${window}.`;
}

/**
 * Tries the rule as it stands in the form (saved or not) on past touchpoints, or for nightly rules
 * on today's active customers, and lists whom it would have flagged and why. Raises nothing.
 */
export function DryRunPanel({ draft, conditionValid }: { draft: RuleDraft; conditionValid: boolean }) {
  const [days, setDays] = useState('30');
  const run = useDryRun();
  const [ran, setRan] = useState<{ input: string; trigger: Rule['trigger'] } | null>(null);
  const input = JSON.stringify([draft.trigger, draft.condition, draft.eventKinds, draft.eventChannels]);

  const start = () => {
    const now = Date.now();
    const body: DryRunBody = {
      rule: {
        trigger: draft.trigger,
        condition: draft.condition,
        eventKinds: draft.eventKinds,
        eventChannels: draft.eventChannels,
      },
      ...(draft.trigger === 'event' && {
        from: new Date(now - Number(days) * 86_400_000).toISOString(),
        to: new Date(now).toISOString(),
      }),
    };
    setRan({ input, trigger: draft.trigger });
    run.mutate(body);
  };

  const result = run.data;
  const trigger = ran?.trigger ?? draft.trigger;
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="dry-run-title">
      <Stack gap="sm">
        <Title order={2} size="h5" id="dry-run-title">
          Dry run
        </Title>
        <Text size="sm" c="dimmed">
          {draft.trigger === 'event'
            ? 'What the rule as it stands in the form would have raised on past touchpoints. Nothing is raised.'
            : 'What the rule as it stands in the form would raise tonight over today’s active customers. Nothing is raised.'}
        </Text>
        <Group align="flex-end">
          {draft.trigger === 'event' && (
            <Select
              label="Period"
              data={periods}
              value={days}
              allowDeselect={false}
              onChange={(v) => v && setDays(v)}
              w={180}
            />
          )}
          <Button variant="light" onClick={start} loading={run.isPending} disabled={!conditionValid}>
            Dry run
          </Button>
        </Group>
        {!conditionValid && (
          <Text size="xs" c="dimmed">
            A dry run needs a valid condition.
          </Text>
        )}
        {run.isError && (
          <Alert color="red" role="alert" title="The dry run did not run">
            {describeSaveError(run.error, 'rule')}
          </Alert>
        )}
        <div role="status">
          {result && !run.isPending && (
            <Stack gap={4}>
              <Text fw={600}>{dryRunSentence(result, trigger)}</Text>
              <Text size="sm" c="dimmed" hidden={result.evaluated === 0}>
                {trigger === 'event'
                  ? `${plural(result.evaluated, 'touchpoint')} checked. A customer’s further flags join their open case rather than opening another.`
                  : 'The same customer is not flagged again within the quiet period.'}
                {!result.complete &&
                  (result.stoppedBy === 'time'
                    ? ' The dry run stopped at its time limit: try a shorter period or narrower kinds.'
                    : ` It stopped after ${plural(result.evaluated, trigger === 'event' ? 'touchpoint' : 'customer')}: there may be more.`)}
              </Text>
              {result.errors > 0 && (
                <Text size="sm" c="red.8">
                  {`The condition could not be evaluated on ${plural(result.errors, trigger === 'event' ? 'touchpoint' : 'customer')}, which would raise nothing: ${result.lastError ?? ''}`}
                </Text>
              )}
              {ran && ran.input !== input && (
                <Text size="sm" c="orange.9">
                  The rule has changed since this dry run: run it again to see the effect.
                </Text>
              )}
            </Stack>
          )}
        </div>
        {result && result.samples.length > 0 && (
          <Table.ScrollContainer minWidth={360}>
            <Table aria-label="Customers it would have flagged" verticalSpacing="xs" striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Customer</Table.Th>
                  {trigger === 'event' && <Table.Th>When</Table.Th>}
                  <Table.Th>Why</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {result.samples.map((s, i) => (
                  <Table.Tr key={i}>
                    <Table.Td>
                      <Anchor component={Link} href={`/customers/${s.customerId}`}>
                        {s.customerName ?? 'Unnamed customer'}
                      </Anchor>
                    </Table.Td>
                    {trigger === 'event' && <Table.Td>{formatDateTime(s.occurredAt)}</Table.Td>}
                    <Table.Td>{s.summary || '—'}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            {result.samples.length < result.matched && (
              <Text size="xs" c="dimmed" mt={4}>
                The first {result.samples.length} of {result.matched.toLocaleString()}.
              </Text>
            )}
          </Table.ScrollContainer>
        )}
      </Stack>
    </Paper>
  );
}

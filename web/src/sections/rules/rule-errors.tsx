import { Alert, Stack, Text } from '@mantine/core';
import { formatDateTime } from '../../ui/format.ts';
import type { Rule } from './api.ts';

/**
 * How often the condition could not be evaluated (a null compared without a check, a score read
 * before it exists): such checks raise nothing, so a failing rule would otherwise look quiet.
 */
export function RuleErrors({ rule: r, compact }: { rule: Rule; compact?: boolean }) {
  const { count, lastMessage, lastAt } = r.errors;
  if (count === 0)
    return compact ? (
      <Text size="sm" c="dimmed">
        None
      </Text>
    ) : null;
  const times = `${count.toLocaleString()} ${count === 1 ? 'check' : 'checks'}`;
  const text = (
    <>
      <Text size="sm" fw={600} c="red.8">
        {compact
          ? `${count.toLocaleString()} failed`
          : `The condition failed on ${times} since it was last changed.`}
      </Text>
      <Text size="xs" c="dimmed">
        Last {lastAt ? formatDateTime(lastAt) : ''}: {lastMessage}
      </Text>
    </>
  );
  if (compact) return <Stack gap={2}>{text}</Stack>;
  return (
    <Alert color="red" title="This rule has runtime errors" role="status">
      {text}
    </Alert>
  );
}

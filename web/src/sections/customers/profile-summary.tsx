import { Badge, Group, Text } from '@mantine/core';
import type { Customer360 } from '../../api/types.ts';
import { formatDate, formatDays, humanize, localTime } from '../../ui/format.ts';
import { StatusBadge } from '../../ui/status-badge.tsx';

export function ProfileSummary({ customer: c }: { customer: Customer360 }) {
  const theirTime = c.timeZone ? localTime(c.timeZone) : null;
  return (
    <Group gap="md" wrap="wrap" mt={-8}>
      <StatusBadge status={c.status} size="md" />
      {c.lifecycleStage && (
        <Badge variant="light" color="grape" size="md">
          {humanize(c.lifecycleStage)}
        </Badge>
      )}
      <Text size="sm" c="dimmed">
        Customer for {formatDays(c.aggregates.tenureDays)} (since {formatDate(c.firstSeenAt)})
      </Text>
      {theirTime && (
        <Text size="sm" c="dimmed">
          Their time: <strong>{theirTime}</strong> ({c.timeZone})
        </Text>
      )}
      {c.identities.length > 0 && (
        <Text size="sm" c="dimmed">
          Ids: {c.identities.map((i) => `${i.source}: ${i.externalId}`).join(', ')}
        </Text>
      )}
    </Group>
  );
}

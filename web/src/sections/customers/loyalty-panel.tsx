import { Badge, Button, Group, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { ErrorPanel } from '../../ui/error-panel.tsx';
import { formatDate } from '../../ui/format.ts';
import { type PointsEntry, usePoints, usePointsHistory } from './loyalty-api.ts';

const kindLook: Record<PointsEntry['kind'], { label: string; color: string }> = {
  earn: { label: 'Earned', color: 'green' },
  spend: { label: 'Spent', color: 'blue' },
  expire: { label: 'Expired', color: 'gray' },
  cancel: { label: 'Cancelled', color: 'red' },
  adjust: { label: 'Adjusted', color: 'violet' },
};

function Figure({ label, value, hint }: { label: string; value: number; hint?: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={700} size="xl" aria-label={label}>
        {value.toLocaleString()}
      </Text>
      {hint && (
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      )}
    </div>
  );
}

/** The customer's points: what they can spend, what is pending, what expires soon, and the ledger. */
export function LoyaltyPanel({ customerId }: { customerId: string }) {
  const points = usePoints(customerId);
  const history = usePointsHistory(customerId);
  const entries = history.data?.pages.flatMap((p) => p.data) ?? [];
  const soon = points.data?.expiringSoon[0];
  return (
    <Paper withBorder p="md" aria-label="Loyalty">
      <Stack gap="sm">
        <Title order={3} size="h4">
          Loyalty
        </Title>
        {points.error && <ErrorPanel error={points.error} thing="points" onRetry={() => points.refetch()} />}
        {points.data && (
          <SimpleGrid cols={3}>
            <Figure label="Points available" value={points.data.available} />
            <Figure label="Points pending" value={points.data.pending} hint="until the pending period ends" />
            <Figure
              label="Expiring in 30 days"
              value={points.data.expiringSoonTotal}
              hint={soon ? `first on ${formatDate(soon.expiresAt)}` : undefined}
            />
          </SimpleGrid>
        )}
        {history.error && (
          <ErrorPanel error={history.error} thing="points history" onRetry={() => history.refetch()} />
        )}
        {entries.length === 0 && history.isSuccess && (
          <Text size="sm" c="dimmed">
            No points yet.
          </Text>
        )}
        {entries.length > 0 && (
          <Table aria-label="Points history" striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Date</Table.Th>
                <Table.Th>What</Table.Th>
                <Table.Th>Why</Table.Th>
                <Table.Th ta="right">Points</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {entries.map((e) => (
                <Table.Tr key={e.id}>
                  <Table.Td>{formatDate(e.effectiveAt)}</Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={kindLook[e.kind].color}>
                      {kindLook[e.kind].label}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{e.reason}</Table.Td>
                  <Table.Td ta="right">{e.points > 0 ? `+${e.points}` : e.points}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {history.hasNextPage && (
          <Group>
            <Button
              variant="subtle"
              size="xs"
              loading={history.isFetchingNextPage}
              onClick={() => history.fetchNextPage()}
            >
              Show more
            </Button>
          </Group>
        )}
      </Stack>
    </Paper>
  );
}

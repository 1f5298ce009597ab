import { Button, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { Link } from 'wouter';
import { ErrorPanel } from '../../ui/error-panel.tsx';
import { formatDateTime } from '../../ui/format.ts';
import { useKudosCounts, useKudosFeed } from './api.ts';

/** The kudos feed, newest first, page by page. */
export function KudosFeed({ teamId }: { teamId: string | null }) {
  const feed = useKudosFeed(teamId);
  const items = feed.data?.pages.flatMap((p) => p.data) ?? [];
  return (
    <Paper withBorder p="md">
      <Stack gap="sm">
        <Title order={2} size="h4">
          Kudos
        </Title>
        {feed.isError && <ErrorPanel error={feed.error} thing="kudos" />}
        {feed.data && !items.length && <Text c="dimmed">No kudos yet.</Text>}
        <Stack
          gap="xs"
          component="ul"
          aria-label="Kudos feed"
          style={{ listStyle: 'none', padding: 0, margin: 0 }}
        >
          {items.map((k) => (
            <li key={k.id}>
              <Text size="sm">
                <strong>{k.fromName}</strong> → <strong>{k.toName}</strong>
                {k.customerId && (
                  <>
                    {' '}
                    for <Link href={`/customers/${k.customerId}`}>{k.customerName ?? 'a customer'}</Link>
                  </>
                )}
                {k.caseId && (
                  <>
                    {' '}
                    on <Link href={`/my-work/cases/${k.caseId}`}>a case</Link>
                  </>
                )}
                <Text span c="dimmed" size="xs">
                  {' '}
                  · {formatDateTime(k.createdAt)}
                </Text>
              </Text>
              <Text size="sm">{k.message}</Text>
            </li>
          ))}
        </Stack>
        {feed.hasNextPage && (
          <Button variant="subtle" onClick={() => feed.fetchNextPage()} loading={feed.isFetchingNextPage}>
            Older kudos
          </Button>
        )}
      </Stack>
    </Paper>
  );
}

/** Kudos received and given per person over the period: staff are not loyalty members, so this count is the recognition. */
export function KudosCounts({
  teamId,
  period,
}: {
  teamId: string | null;
  period: { from: string; to: string };
}) {
  const counts = useKudosCounts(teamId, period);
  return (
    <Paper withBorder p="md">
      <Stack gap="sm">
        <Title order={2} size="h4">
          Recognition this period
        </Title>
        {counts.isError && <ErrorPanel error={counts.error} thing="kudos counts" />}
        <Table aria-label="Kudos per person">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Person</Table.Th>
              <Table.Th ta="right">Received</Table.Th>
              <Table.Th ta="right">Given</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(counts.data ?? []).map((c) => (
              <Table.Tr key={c.staffId}>
                <Table.Td>{c.name}</Table.Td>
                <Table.Td ta="right">{c.received}</Table.Td>
                <Table.Td ta="right">{c.given}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Stack>
    </Paper>
  );
}

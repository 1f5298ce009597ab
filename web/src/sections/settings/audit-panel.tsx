import { Anchor, Button, Center, Code, Paper, Stack, Table, Text } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Link } from 'wouter';
import { api, data } from '../../api/client.ts';
import { useStaffById } from '../../api/staff.ts';
import { ErrorPanel } from '../../ui/error-panel.tsx';
import { formatDateTime } from '../../ui/format.ts';

/** Who read or changed which customer, newest first. */
export function AuditPanel() {
  const staffById = useStaffById();
  const audit = useInfiniteQuery({
    queryKey: ['audit'],
    queryFn: ({ pageParam }) =>
      data(api.GET('/api/v1/audit', { params: { query: { before: pageParam, limit: 50 } } })),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (last) => (last.data.length === 50 ? last.data.at(-1)?.id : undefined),
  });
  if (audit.isError) return <ErrorPanel error={audit.error} onRetry={() => audit.refetch()} />;
  const rows = audit.data?.pages.flatMap((p) => p.data) ?? [];
  return (
    <Stack>
      <Text c="dimmed" size="sm">
        Every read and change of customer data by staff and API keys.
      </Text>
      <Paper withBorder radius="md">
        <Table.ScrollContainer minWidth={700}>
          <Table verticalSpacing={4} fz="sm" aria-label="Audit log">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>When</Table.Th>
                <Table.Th>Who</Table.Th>
                <Table.Th>Action</Table.Th>
                <Table.Th>Customer</Table.Th>
                <Table.Th>Details</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((a) => (
                <Table.Tr key={a.id}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(a.at)}</Table.Td>
                  <Table.Td>
                    {a.actorKind === 'staff' && a.actorId
                      ? (staffById.get(a.actorId)?.name ?? 'Staff')
                      : a.actorKind === 'api_key'
                        ? 'API key'
                        : a.actorKind}
                  </Table.Td>
                  <Table.Td>
                    <Code>{a.action}</Code>
                  </Table.Td>
                  <Table.Td>
                    {a.customerId && (
                      <Anchor component={Link} href={`/customers/${a.customerId}`}>
                        Open
                      </Anchor>
                    )}
                  </Table.Td>
                  <Table.Td style={{ maxWidth: 360, overflowWrap: 'anywhere' }}>
                    {a.details && typeof a.details === 'object' && Object.keys(a.details).length > 0
                      ? JSON.stringify(a.details)
                      : ''}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Paper>
      {audit.hasNextPage && (
        <Center>
          <Button variant="default" onClick={() => audit.fetchNextPage()} loading={audit.isFetchingNextPage}>
            Show older
          </Button>
        </Center>
      )}
    </Stack>
  );
}

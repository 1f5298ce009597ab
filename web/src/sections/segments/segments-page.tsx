import { Anchor, Button, Center, Loader, Paper, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'wouter';
import { api, data } from '../../api/client.ts';
import { useSession } from '../../auth/session.tsx';
import { ErrorPanel } from '../../ui/error-panel.tsx';
import { Page } from '../../ui/page.tsx';
import { type Segment, useSegments } from './api.ts';

/** Today's size of one segment, counted when its row is shown. */
function SegmentCount({ id }: { id: string }) {
  const count = useQuery({
    queryKey: ['segments', id, 'count'],
    queryFn: async ({ signal }) =>
      (await data(api.GET('/api/v1/segments/{id}/count', { params: { path: { id } }, signal }))).count,
  });
  if (count.isError) return <Text c="dimmed">not counted</Text>;
  return count.data === undefined ? (
    <Loader size="xs" aria-label="Counting" />
  ) : (
    <>{count.data.toLocaleString('en-US')}</>
  );
}

const Row = ({ s }: { s: Segment }) => (
  <Table.Tr>
    <Table.Td>
      <Anchor component={Link} href={`/segments/${s.id}`}>
        {s.name}
      </Anchor>
    </Table.Td>
    <Table.Td>{s.description}</Table.Td>
    <Table.Td ta="right">
      <SegmentCount id={s.id} />
    </Table.Td>
    <Table.Td>
      <Anchor component={Link} href={`/customers?segment=${s.id}`}>
        Show in customer list
      </Anchor>
    </Table.Td>
  </Table.Tr>
);

/** Every saved segment with how many customers are in it now. */
export function SegmentsPage() {
  const me = useSession();
  const segments = useSegments();
  return (
    <Page
      title="Segments"
      actions={
        (me.role === 'admin' || me.role === 'manager') && (
          <Button component={Link} href="/segments/new">
            New segment
          </Button>
        )
      }
    >
      <Paper withBorder radius="md" p="sm">
        {segments.isError ? (
          <ErrorPanel error={segments.error} thing="segment" onRetry={() => segments.refetch()} />
        ) : segments.isPending ? (
          <Center p="lg">
            <Loader size="sm" aria-label="Loading segments" />
          </Center>
        ) : segments.data.length === 0 ? (
          <Text c="dimmed" p="md">
            No segments yet. A segment is a saved set of conditions (“CLV in the top 10%, no purchase in 60
            days”) that campaigns, call lists and the customer list use; it is evaluated afresh each time.
          </Text>
        ) : (
          <Table aria-label="Segments" highlightOnHover verticalSpacing="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Description</Table.Th>
                <Table.Th ta="right">Customers now</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {segments.data.map((s) => (
                <Row key={s.id} s={s} />
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Paper>
    </Page>
  );
}

import { Anchor, Badge, Button, Center, Loader, Paper, Table, Text } from '@mantine/core';
import { Link } from 'wouter';
import { ErrorPanel } from '../../ui/error-panel.tsx';
import { formatDate } from '../../ui/format.ts';
import { Page } from '../../ui/page.tsx';
import { type Survey, useSurveys } from './api.ts';

const typeOf = (s: Survey): string => {
  const first = s.questions[0];
  return first ? first.type.toUpperCase() : '—';
};

export const StatusBadge = ({ status }: { status: Survey['status'] }) => (
  <Badge variant="light" color={status === 'live' ? 'green' : 'gray'}>
    {status === 'live' ? 'Live' : 'Archived'}
  </Badge>
);

/** Every survey with its type (the first question's), status and current version. */
export function SurveysPage() {
  const surveys = useSurveys();
  return (
    <Page
      title="Surveys"
      actions={
        <Button component={Link} href="/surveys/new">
          New survey
        </Button>
      }
    >
      <Paper withBorder radius="md" p="sm">
        {surveys.isError ? (
          <ErrorPanel error={surveys.error} thing="survey" onRetry={() => surveys.refetch()} />
        ) : surveys.isPending ? (
          <Center p="lg">
            <Loader size="sm" aria-label="Loading surveys" />
          </Center>
        ) : surveys.data.length === 0 ? (
          <Text c="dimmed" p="sm">
            No surveys yet. Create one to start asking customers how it is going.
          </Text>
        ) : (
          <Table.ScrollContainer minWidth={640}>
            <Table aria-label="Surveys" highlightOnHover verticalSpacing="xs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Type</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th>Version</Table.Th>
                  <Table.Th>Updated</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {surveys.data.map((s) => (
                  <Table.Tr key={s.id}>
                    <Table.Td>
                      <Anchor component={Link} href={`/surveys/${s.id}`}>
                        {s.name}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>{typeOf(s)}</Table.Td>
                    <Table.Td>
                      <StatusBadge status={s.status} />
                    </Table.Td>
                    <Table.Td>{s.version}</Table.Td>
                    <Table.Td>{formatDate(s.updatedAt)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Paper>
    </Page>
  );
}

import { Anchor, Badge, Button, Paper, Table } from '@mantine/core';
import { Link } from 'wouter';
import { formatDate } from '../../ui/format.ts';
import { Page } from '../../ui/page.tsx';
import { QueryView } from '../../ui/query-view.tsx';
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
        <QueryView
          query={surveys}
          thing="survey"
          loading="Loading surveys"
          isEmpty={(d) => d.length === 0}
          empty="No surveys yet. Create one to start asking customers how it is going."
        >
          {(d) => (
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
                  {d.map((s) => (
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
        </QueryView>
      </Paper>
    </Page>
  );
}

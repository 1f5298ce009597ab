import { Anchor, Badge, Button, List, Paper, Table, Text } from '@mantine/core';
import { Link } from 'wouter';
import { Page } from '../../ui/page.tsx';
import { QueryView } from '../../ui/query-view.tsx';
import { usePlaybooks, useRules } from './api.ts';
import { SectionTabs } from './section-tabs.tsx';
import { formatHours, stepLabels } from './words.ts';

/** Every playbook with its steps in order, and which rules start it. */
export function PlaybooksPage() {
  const playbooks = usePlaybooks();
  const rules = useRules();
  return (
    <Page
      title="Playbooks"
      actions={
        <Button component={Link} href="/rules/playbooks/new">
          New playbook
        </Button>
      }
    >
      <SectionTabs />
      <Paper withBorder radius="md" p="sm">
        <QueryView
          query={playbooks}
          thing="playbook"
          loading="Loading playbooks"
          isEmpty={(d) => d.length === 0}
          empty="No playbooks yet. Create one so that cases come with the steps to follow."
        >
          {(d) => (
            <Table.ScrollContainer minWidth={640}>
              <Table aria-label="Playbooks" highlightOnHover verticalSpacing="sm">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Name</Table.Th>
                    <Table.Th>Steps</Table.Th>
                    <Table.Th>Started by</Table.Th>
                    <Table.Th>Status</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {d.map((p) => {
                    const startedBy = (rules.data ?? []).filter((r) => r.playbookId === p.id);
                    return (
                      <Table.Tr key={p.id}>
                        <Table.Td>
                          <Anchor component={Link} href={`/rules/playbooks/${p.id}`} fw={600}>
                            {p.name}
                          </Anchor>
                          {p.description && (
                            <Text size="xs" c="dimmed">
                              {p.description}
                            </Text>
                          )}
                        </Table.Td>
                        <Table.Td>
                          <List type="ordered" size="sm" spacing={2}>
                            {p.steps.map((s, i) => (
                              <List.Item key={i}>
                                {s.title}{' '}
                                <Text span size="xs" c="dimmed">
                                  ({stepLabels[s.type]}, after {formatHours(s.dueAfterHours)})
                                </Text>
                              </List.Item>
                            ))}
                          </List>
                        </Table.Td>
                        <Table.Td>
                          <Text size="sm">
                            {startedBy.length ? startedBy.map((r) => r.name).join(', ') : 'No rule yet'}
                          </Text>
                        </Table.Td>
                        <Table.Td>
                          <Badge variant="light" color={p.enabled ? 'green' : 'gray'}>
                            {p.enabled ? 'In use' : 'Turned off'}
                          </Badge>
                        </Table.Td>
                      </Table.Tr>
                    );
                  })}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </QueryView>
      </Paper>
    </Page>
  );
}

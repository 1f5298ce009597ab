import { Badge, Center, Group, Loader, Paper, Table, Text, Title } from '@mantine/core';
import { Link } from 'wouter';
import { ErrorPanel } from '../../ui/error-panel.tsx';
import { formatDateTime, humanize } from '../../ui/format.ts';
import { sentimentWord, useLexicon, useResponses } from './results-api.ts';
import { ThemeEditor } from './theme-editor.tsx';

/** The latest 100 answers: score, comment with its sentiment in words and its themes, who answered. */
export function ResponsesTable({ surveyId }: { surveyId: string }) {
  const responses = useResponses(surveyId);
  const lexicon = useLexicon();
  const labelOf = (slug: string) => lexicon.data?.find((t) => t.slug === slug)?.label ?? humanize(slug);
  return (
    <Paper withBorder radius="md" p="sm">
      <Title order={2} size="h4" mb="xs">
        Responses and comments
      </Title>
      {responses.isError ? (
        <ErrorPanel error={responses.error} thing="response" onRetry={() => responses.refetch()} />
      ) : responses.isPending ? (
        <Center p="lg">
          <Loader size="sm" aria-label="Loading responses" />
        </Center>
      ) : responses.data.length === 0 ? (
        <Text c="dimmed" p="sm">
          No responses yet.
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={820}>
          <Table aria-label="Responses" verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Answered</Table.Th>
                <Table.Th>Score</Table.Th>
                <Table.Th>Comment</Table.Th>
                <Table.Th>Sentiment</Table.Th>
                <Table.Th>Themes</Table.Th>
                <Table.Th>Channel</Table.Th>
                <Table.Th>Customer</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {responses.data.map((r, i) => {
                const sentiment = sentimentWord(r.sentiment);
                return (
                  <Table.Tr key={r.id}>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(r.respondedAt)}</Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>
                      {r.score === null ? '—' : `${r.type.toUpperCase()} ${r.score}`}
                    </Table.Td>
                    <Table.Td>{r.comment ?? <Text c="dimmed">No comment</Text>}</Table.Td>
                    <Table.Td>
                      {sentiment ? (
                        <Badge variant="light" color={sentiment.color}>
                          {sentiment.label}
                        </Badge>
                      ) : (
                        '—'
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Group gap={4}>
                        {r.themes.map((t) => (
                          <Badge key={t} variant="outline" color="blue" tt="none">
                            {labelOf(t)}
                          </Badge>
                        ))}
                        <ThemeEditor
                          response={r}
                          lexicon={lexicon.data ?? []}
                          label={`Edit themes of response ${i + 1}${r.comment ? `: ${r.comment.slice(0, 40)}` : ''}`}
                        />
                      </Group>
                    </Table.Td>
                    <Table.Td>{humanize(r.channel)}</Table.Td>
                    <Table.Td>
                      {r.customerId ? (
                        <Link href={`/customers/${r.customerId}`}>Open customer</Link>
                      ) : (
                        'Anonymous'
                      )}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Paper>
  );
}

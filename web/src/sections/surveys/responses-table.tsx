import { Badge, Group, Paper, Table, Text, Title } from '@mantine/core';
import { Link } from 'wouter';
import { formatDateTime, humanize } from '../../ui/format.ts';
import { QueryView } from '../../ui/query-view.tsx';
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
      <QueryView
        query={responses}
        thing="response"
        loading="Loading responses"
        isEmpty={(d) => d.length === 0}
        empty="No responses yet."
      >
        {(d) => (
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
                {d.map((r, i) => {
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
      </QueryView>
    </Paper>
  );
}

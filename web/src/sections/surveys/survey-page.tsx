import {
  Badge,
  Button,
  Center,
  Group,
  Loader,
  MultiSelect,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { type FormEvent, useMemo, useState } from 'react';
import { Link, useParams } from 'wouter';
import type { Customer } from '../../api/types.ts';
import { ErrorPanel } from '../../ui/error-panel.tsx';
import { formatDateTime, humanize, uuid } from '../../ui/format.ts';
import { Page } from '../../ui/page.tsx';
import { useCustomerSearch } from '../customers/api.ts';
import {
  type Send,
  type Summary,
  type Survey,
  useArchiveSurvey,
  useResponses,
  useSendOutcomes,
  useSendSurvey,
  useSummary,
  useSurvey,
} from './api.ts';
import { StatusBadge } from './surveys-page.tsx';

/** One survey: its results (NPS/CSAT/CES, responses), sending it to customers, editing and archiving. */
export function SurveyPage() {
  const { id = '' } = useParams<{ id: string }>();
  const survey = useSurvey(id);
  if (survey.isError)
    return <ErrorPanel error={survey.error} thing="survey" onRetry={() => survey.refetch()} />;
  if (!survey.data) {
    return (
      <Center p="lg">
        <Loader size="sm" aria-label="Loading the survey" />
      </Center>
    );
  }
  return <SurveyView s={survey.data} />;
}

function SurveyView({ s }: { s: Survey }) {
  const archive = useArchiveSurvey(s.id);
  return (
    <Page
      title={s.name}
      actions={
        <Group gap="xs">
          <StatusBadge status={s.status} />
          <Badge variant="outline" color="gray">
            Version {s.version}
          </Badge>
          {s.status === 'live' && (
            <>
              <Button variant="default" component={Link} href={`/surveys/${s.id}/edit`}>
                Edit
              </Button>
              <Button
                variant="light"
                color="red"
                loading={archive.isPending}
                onClick={() => {
                  if (
                    window.confirm(`Archive “${s.name}”? Links already sent will show the survey as closed.`)
                  )
                    archive.mutate();
                }}
              >
                Archive
              </Button>
            </>
          )}
        </Group>
      }
    >
      {archive.isError && <ErrorPanel error={archive.error} thing="survey" />}
      <Results surveyId={s.id} />
      {s.status === 'live' && <SendForm surveyId={s.id} />}
      <Responses surveyId={s.id} />
    </Page>
  );
}

function Metric({ label, m, format }: { label: string; m: Summary['nps']; format: (v: number) => string }) {
  const o = m?.overall;
  return (
    <Paper withBorder radius="md" p="sm">
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text fz={28} fw={700}>
        {o && o.value !== null ? format(o.value) : '—'}
      </Text>
      <Text size="xs" c="dimmed">
        {o ? `${o.n} answer${o.n === 1 ? '' : 's'}` : 'No answers yet'}
        {o?.ci && ` · 95% ${format(o.ci.low)} to ${format(o.ci.high)}`}
        {o?.smallSample && ' · small sample'}
      </Text>
    </Paper>
  );
}

function Results({ surveyId }: { surveyId: string }) {
  const summary = useSummary(surveyId);
  if (summary.isError) return <ErrorPanel error={summary.error} thing="survey" />;
  const d = summary.data;
  return (
    <section aria-label="Results">
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <Metric label="NPS" m={d?.nps ?? null} format={(v) => Math.round(v).toString()} />
        <Metric label="CSAT" m={d?.csat ?? null} format={(v) => `${Math.round(v)}%`} />
        <Metric label="CES" m={d?.ces ?? null} format={(v) => v.toFixed(1)} />
      </SimpleGrid>
    </section>
  );
}

function Responses({ surveyId }: { surveyId: string }) {
  const responses = useResponses(surveyId);
  return (
    <Paper withBorder radius="md" p="sm">
      <Title order={2} size="h4" mb="xs">
        Responses
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
        <Table.ScrollContainer minWidth={640}>
          <Table aria-label="Responses" verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Answered</Table.Th>
                <Table.Th>Score</Table.Th>
                <Table.Th>Comment</Table.Th>
                <Table.Th>Channel</Table.Th>
                <Table.Th>Customer</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {responses.data.map((r) => (
                <Table.Tr key={r.id}>
                  <Table.Td>{formatDateTime(r.respondedAt)}</Table.Td>
                  <Table.Td>{r.score === null ? '—' : `${r.type.toUpperCase()} ${r.score}`}</Table.Td>
                  <Table.Td>{r.comment ?? <Text c="dimmed">No comment</Text>}</Table.Td>
                  <Table.Td>{humanize(r.channel)}</Table.Td>
                  <Table.Td>
                    {r.customerId ? (
                      <Link href={`/customers/${r.customerId}`}>Open customer</Link>
                    ) : (
                      'Anonymous'
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Paper>
  );
}

const customerLabel = (c: Customer): string => c.name ?? c.emails[0] ?? c.id;

const outcomeColor: Record<Send['status'], string> = {
  pending: 'gray',
  sending: 'blue',
  sent: 'green',
  skipped: 'yellow',
  failed: 'red',
};

/** Pick customers by search, email them the survey; each one's outcome (sent, or skipped and why) follows. */
function SendForm({ surveyId }: { surveyId: string }) {
  const [search, setSearch] = useState('');
  const [picked, setPicked] = useState<Map<string, Customer>>(new Map());
  const [sentTo, setSentTo] = useState<string[]>([]);
  const found = useCustomerSearch({ query: search });
  const send = useSendSurvey(surveyId);
  const [key, setKey] = useState(uuid);
  const outcomes = useSendOutcomes(surveyId, sentTo);

  const options = useMemo(() => {
    const all = new Map(picked);
    for (const c of found.data?.pages.flatMap((p) => p.data) ?? []) all.set(c.id, c);
    return [...all.values()].slice(0, 50).map((c) => ({ value: c.id, label: customerLabel(c) }));
  }, [found.data, picked]);
  const nameOf = (id: string) => {
    const c = picked.get(id);
    return c ? customerLabel(c) : id;
  };

  const onChange = (ids: string[]) => {
    const all = new Map(picked);
    for (const c of found.data?.pages.flatMap((p) => p.data) ?? []) all.set(c.id, c);
    setPicked(new Map(ids.flatMap((id) => (all.get(id) ? [[id, all.get(id) as Customer] as const] : []))));
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const customerIds = [...picked.keys()];
    send.mutate(
      { customerIds, idempotencyKey: key },
      {
        onSuccess: () => {
          setSentTo(customerIds);
          setKey(uuid());
        },
      },
    );
  };

  return (
    <Paper withBorder radius="md" p="sm">
      <form onSubmit={submit} aria-label="Send the survey">
        <Stack gap="xs">
          <Title order={2} size="h4">
            Send by email
          </Title>
          <MultiSelect
            label="Customers"
            placeholder="Search by name, email or id"
            searchable
            searchValue={search}
            onSearchChange={setSearch}
            data={options}
            value={[...picked.keys()]}
            onChange={onChange}
            filter={({ options: o }) => o}
            nothingFoundMessage={search ? 'No customer matches' : undefined}
            maxValues={1000}
          />
          {send.isError && <ErrorPanel error={send.error} thing="survey" />}
          <Group>
            <Button type="submit" disabled={picked.size === 0} loading={send.isPending}>
              Send to {picked.size} customer{picked.size === 1 ? '' : 's'}
            </Button>
          </Group>
        </Stack>
      </form>
      {sentTo.length > 0 && (
        <Table aria-label="Send outcomes" mt="sm" verticalSpacing="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Customer</Table.Th>
              <Table.Th>Outcome</Table.Th>
              <Table.Th>Why</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {sentTo.map((cid) => {
              const s = outcomes.data?.find((x) => x.customerId === cid);
              return (
                <Table.Tr key={cid}>
                  <Table.Td>{nameOf(cid)}</Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={s ? outcomeColor[s.status] : 'gray'}>
                      {s ? humanize(s.status) : 'Queued'}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{s?.reason ?? ''}</Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      )}
    </Paper>
  );
}

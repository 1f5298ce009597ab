import {
  Badge,
  Button,
  Center,
  Code,
  Group,
  Loader,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useParams } from 'wouter';
import { api, data } from '../../api/client.ts';
import { ErrorPanel } from '../../ui/error-panel.tsx';
import { Page } from '../../ui/page.tsx';
import { type Campaign, useCampaign, useLaunchCampaign, usePreviewCampaign, useTestSend } from './api.ts';
import { Runs, scheduleInWords, triggerInWords } from './runs.tsx';

/** The first members of the campaign's segment, to preview against. */
function useMembers(segmentId: string | undefined) {
  return useQuery({
    queryKey: ['segments', segmentId, 'members'],
    queryFn: async ({ signal }) =>
      (
        await data(
          api.GET('/api/v1/segments/{id}/customers', {
            params: { path: { id: segmentId ?? '' }, query: { limit: 20 } },
            signal,
          }),
        )
      ).data,
    enabled: !!segmentId,
  });
}

function Preview({ c }: { c: Campaign }) {
  const members = useMembers(c.segmentId);
  const [customerId, setCustomerId] = useState<string | null>(null);
  const preview = usePreviewCampaign(c.id);
  const testSend = useTestSend(c.id);
  return (
    <Paper withBorder radius="md" p="md">
      <Stack>
        <Title order={3}>Preview</Title>
        <Group align="end">
          <Select
            label="As the customer"
            data={(members.data ?? []).map((m) => ({ value: m.id, label: m.name ?? m.email ?? m.id }))}
            value={customerId}
            onChange={(v) => {
              setCustomerId(v);
              if (v) preview.mutate(v);
            }}
          />
          <Button
            variant="default"
            disabled={!customerId}
            loading={testSend.isPending}
            onClick={() =>
              customerId &&
              testSend.mutate(customerId, {
                onSuccess: (r) => notifications.show({ color: 'green', message: `Test sent to ${r.to}` }),
              })
            }
          >
            Send me a test
          </Button>
        </Group>
        {preview.isError && <ErrorPanel error={preview.error} thing="preview" />}
        {testSend.isError && <ErrorPanel error={testSend.error} thing="test send" />}
        {preview.data && (
          <div aria-label="Rendered email">
            <Text fw={600}>{preview.data.subject}</Text>
            <Code block>{preview.data.text}</Code>
          </div>
        )}
      </Stack>
    </Paper>
  );
}

function Results({ c }: { c: Campaign }) {
  const r = c.results;
  const rows: [string, number][] = [
    ['Eligible at launch', r.eligible],
    ['Held out (recorded, not sent)', r.heldOut],
    ['Waiting for their local window', r.pending],
    ['Sent', r.sent],
    ...Object.entries(r.skipped).map(([code, n]): [string, number] => [`Skipped: ${code}`, n]),
    ['Failed', r.failed],
    ['Clicks', r.clicks],
    ['Unsubscribes', r.unsubscribes],
  ];
  return (
    <Paper withBorder radius="md" p="md">
      <Title order={3}>Results</Title>
      <Table aria-label="Results">
        <Table.Tbody>
          {rows.map(([label, n]) => (
            <Table.Tr key={label}>
              <Table.Td>{label}</Table.Td>
              <Table.Td ta="right">{n.toLocaleString('en-US')}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {c.uplift?.metrics.map((m) => (
        <Text key={m.metric} size="sm" c="dimmed">
          {m.summary}
        </Text>
      ))}
    </Paper>
  );
}

/** One campaign: its template, a preview against a real customer, launch, and results. */
export function CampaignPage() {
  const { id = '' } = useParams<{ id: string }>();
  const campaign = useCampaign(id);
  const launch = useLaunchCampaign(id);
  if (campaign.isError) return <ErrorPanel error={campaign.error} thing="campaign" />;
  if (campaign.isPending)
    return (
      <Center p="lg">
        <Loader size="sm" aria-label="Loading campaign" />
      </Center>
    );
  const c = campaign.data;
  return (
    <Page
      title={`Campaign: ${c.name}`}
      actions={
        c.status === 'draft' && (
          <Button
            loading={launch.isPending}
            onClick={() =>
              launch.mutate(undefined, {
                onSuccess: (t) =>
                  notifications.show({
                    color: 'green',
                    message:
                      t.status === 'active'
                        ? 'Active: it sends on its own from now on.'
                        : 'Launching: the segment is being snapshotted.',
                  }),
              })
            }
          >
            Launch
          </Button>
        )
      }
    >
      <Stack>
        <Group>
          <Badge variant="light">{c.status}</Badge>
          <Text size="sm">
            Sent between {c.sendWindow.start} and {c.sendWindow.end} in each customer’s local time; holds out{' '}
            {Math.round(c.holdoutShare * 100)}%.
          </Text>
        </Group>
        {launch.isError && <ErrorPanel error={launch.error} thing="launch" />}
        {c.schedule && <Text size="sm">{scheduleInWords(c.schedule)}</Text>}
        {c.trigger && <Text size="sm">{triggerInWords(c.trigger)}</Text>}
        <Preview c={c} />
        <Results c={c} />
        <Runs c={c} />
      </Stack>
    </Page>
  );
}

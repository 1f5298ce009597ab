import { Anchor, Badge, Button, Center, Loader, Paper, Table, Text } from '@mantine/core';
import { Link } from 'wouter';
import { ErrorPanel } from '../../ui/error-panel.tsx';
import { Page } from '../../ui/page.tsx';
import { useCampaigns } from './api.ts';

/** Every campaign, newest first, with its status. */
export function CampaignsPage() {
  const campaigns = useCampaigns();
  return (
    <Page
      title="Campaigns"
      actions={
        <Button component={Link} href="/campaigns/new">
          New campaign
        </Button>
      }
    >
      <Paper withBorder radius="md" p="sm">
        {campaigns.isError ? (
          <ErrorPanel error={campaigns.error} thing="campaign" onRetry={() => campaigns.refetch()} />
        ) : campaigns.isPending ? (
          <Center p="lg">
            <Loader size="sm" aria-label="Loading campaigns" />
          </Center>
        ) : campaigns.data.length === 0 ? (
          <Text c="dimmed" p="md">
            No campaigns yet. A campaign is an email to a saved segment, sent in each customer’s local hours.
          </Text>
        ) : (
          <Table aria-label="Campaigns" highlightOnHover verticalSpacing="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Created</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {campaigns.data.map((c) => (
                <Table.Tr key={c.id}>
                  <Table.Td>
                    <Anchor component={Link} href={`/campaigns/${c.id}`}>
                      {c.name}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="light">{c.status}</Badge>
                  </Table.Td>
                  <Table.Td>{new Date(c.createdAt).toLocaleString('en-GB')}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Paper>
    </Page>
  );
}

import { Anchor, Badge, Button, Group, Paper, Stack, Text } from '@mantine/core';
import { Link } from 'wouter';
import { type StaffNotification, useMarkRead, useNotifications } from '../../api/notifications.ts';
import { formatDateTime, formatRelative, humanize } from '../../ui/format.ts';
import { Page } from '../../ui/page.tsx';
import { QueryView } from '../../ui/query-view.tsx';

const hrefOf = (n: StaffNotification) =>
  n.caseId ? `/my-work/cases/${n.caseId}` : n.customerId ? `/customers/${n.customerId}` : null;

/** Everything the loop told the signed-in rep (new cases, hand-overs, SLA warnings, escalations). */
export function NotificationsPage() {
  const list = useNotifications(200);
  const mark = useMarkRead();
  const unread = list.data?.unreadCount ?? 0;
  return (
    <Page
      title="Notifications"
      actions={
        <Button
          variant="default"
          disabled={unread === 0}
          loading={mark.isPending}
          onClick={() => mark.mutate(undefined)}
        >
          Mark all read
        </Button>
      }
    >
      <QueryView
        query={list}
        thing="notification"
        loading="Loading notifications"
        isEmpty={(d) => d.data.length === 0}
        empty="No notifications yet."
      >
        {(d) => (
          <Stack
            gap="xs"
            component="ul"
            aria-label="Notifications"
            style={{ listStyle: 'none', padding: 0, margin: 0 }}
          >
            {d.data.map((n) => {
              const href = hrefOf(n);
              return (
                <Paper
                  key={n.id}
                  component="li"
                  withBorder
                  radius="md"
                  p="sm"
                  bg={n.readAt ? undefined : 'blue.0'}
                >
                  <Group justify="space-between" wrap="nowrap" align="flex-start">
                    <Stack gap={2}>
                      <Group gap="xs">
                        {!n.readAt && (
                          <Badge size="xs" color="blue">
                            Unread
                          </Badge>
                        )}
                        <Text size="xs" c="dimmed">
                          {humanize(n.kind)} ·{' '}
                          <span title={formatDateTime(n.createdAt)}>{formatRelative(n.createdAt)}</span>
                        </Text>
                      </Group>
                      {href ? (
                        <Anchor
                          component={Link}
                          href={href}
                          fw={600}
                          onClick={() => {
                            if (!n.readAt) mark.mutate(n.id);
                          }}
                        >
                          {n.title}
                        </Anchor>
                      ) : (
                        <Text fw={600}>{n.title}</Text>
                      )}
                      <Text size="sm" style={{ whiteSpace: 'pre-line' }}>
                        {n.body}
                      </Text>
                    </Stack>
                    {!n.readAt && (
                      <Button
                        size="xs"
                        variant="subtle"
                        onClick={() => mark.mutate(n.id)}
                        aria-label={`Mark read: ${n.title}`}
                      >
                        Mark read
                      </Button>
                    )}
                  </Group>
                </Paper>
              );
            })}
          </Stack>
        )}
      </QueryView>
    </Page>
  );
}

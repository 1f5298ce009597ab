import { Button, Center, Chip, Group, Paper, Skeleton, Stack, TagsInput, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useStaffById } from '../../api/staff.ts';
import type { Channel } from '../../api/types.ts';
import { ErrorPanel } from '../../ui/error-panel.tsx';
import { humanize } from '../../ui/format.ts';
import { noTimelineFilters, type TimelineFilters, useTimeline } from './api.ts';
import { InteractionIcon, InteractionMeta, InteractionTitle, ProfileChanges } from './interaction-view.tsx';

const channelChoices: Channel[] = ['phone', 'email', 'in-person', 'web', 'sms', 'chat', 'system'];
const kindSuggestions = [
  'purchase',
  'refund',
  'call',
  'email',
  'visit',
  'ticket',
  'note',
  'survey-response',
  'profile-update',
];

export function Timeline({ customerId }: { customerId: string }) {
  const [filters, setFilters] = useState<TimelineFilters>(noTimelineFilters);
  const timeline = useTimeline(customerId, filters);
  const staffById = useStaffById();
  const items = timeline.data?.pages.flatMap((p) => p.data) ?? [];
  const filtered = filters.channels.length > 0 || filters.kinds.length > 0;

  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="timeline-heading">
      <Stack gap="sm">
        <Group justify="space-between" align="center">
          <Title order={2} size="h4" id="timeline-heading">
            Timeline
          </Title>
          {filtered && (
            <Button variant="subtle" size="compact-sm" onClick={() => setFilters(noTimelineFilters)}>
              Clear filters
            </Button>
          )}
        </Group>
        <fieldset style={{ border: 0, padding: 0, margin: 0 }}>
          <legend>
            <Text size="sm" fw={500} mb={4}>
              Channels
            </Text>
          </legend>
          <Chip.Group
            multiple
            value={filters.channels}
            onChange={(v) => setFilters((f) => ({ ...f, channels: v as Channel[] }))}
          >
            <Group gap={6}>
              {channelChoices.map((c) => (
                <Chip key={c} value={c} size="xs">
                  {humanize(c)}
                </Chip>
              ))}
            </Group>
          </Chip.Group>
        </fieldset>
        <TagsInput
          label="Kinds"
          placeholder={filters.kinds.length ? '' : 'Any kind: type or pick, e.g. purchase'}
          data={kindSuggestions}
          value={filters.kinds}
          onChange={(v) =>
            setFilters((f) => ({ ...f, kinds: v.map((k) => k.trim().toLowerCase()).filter(Boolean) }))
          }
          clearable
          size="sm"
        />

        {timeline.isError ? (
          <ErrorPanel error={timeline.error} onRetry={() => timeline.refetch()} />
        ) : timeline.isPending ? (
          <Stack aria-busy="true" aria-label="Loading timeline">
            {[1, 2, 3].map((k) => (
              <Skeleton key={k} h={56} />
            ))}
          </Stack>
        ) : items.length === 0 ? (
          <Text c="dimmed" size="sm" py="md">
            {filtered ? 'Nothing on the timeline matches these filters.' : 'Nothing on the timeline yet.'}
          </Text>
        ) : (
          <ol aria-label="Interactions, newest first" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
            {items.map((i) => (
              <li key={i.id} style={{ borderTop: '1px solid var(--mantine-color-gray-2)' }}>
                <Group align="flex-start" wrap="nowrap" gap="sm" py="sm">
                  <InteractionIcon interaction={i} />
                  <Stack gap={2} style={{ minWidth: 0, flex: 1 }}>
                    <InteractionTitle interaction={i} />
                    <InteractionMeta interaction={i} staffById={staffById} />
                    {i.kind === 'profile-update' ? (
                      <ProfileChanges interaction={i} staffById={staffById} />
                    ) : (
                      i.body && (
                        <Text size="sm" className="clamp-3">
                          {i.body}
                        </Text>
                      )
                    )}
                  </Stack>
                </Group>
              </li>
            ))}
          </ol>
        )}
        {timeline.hasNextPage && (
          <Center>
            <Button
              variant="default"
              onClick={() => timeline.fetchNextPage()}
              loading={timeline.isFetchingNextPage}
            >
              Show older
            </Button>
          </Center>
        )}
      </Stack>
    </Paper>
  );
}

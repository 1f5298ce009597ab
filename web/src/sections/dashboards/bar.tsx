import { Box, Group, Text } from '@mantine/core';
import type { ReactNode } from 'react';

/** One labelled bar of a ranked list (churn reasons, SLA states): the label, a note, the bar. */
export function Bar({
  label,
  value,
  max,
  color,
  note,
}: {
  label: ReactNode;
  value: number;
  max: number;
  color: string;
  note: string;
}) {
  return (
    <div>
      <Group justify="space-between" gap="xs" wrap="nowrap">
        <Text size="sm" truncate>
          {label}
        </Text>
        <Text size="sm" c="dimmed" style={{ flexShrink: 0 }}>
          {note}
        </Text>
      </Group>
      <Box
        h={14}
        bg="var(--mantine-color-gray-1)"
        style={{ borderRadius: 4, overflow: 'hidden' }}
        aria-hidden="true"
      >
        <Box h="100%" w={`${max ? (value / max) * 100 : 0}%`} bg={color} style={{ borderRadius: 4 }} />
      </Box>
    </div>
  );
}

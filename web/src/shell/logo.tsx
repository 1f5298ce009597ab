import { Group, Text } from '@mantine/core';

export function Logo({ size = 28 }: { size?: number }) {
  return (
    <Group gap={8} wrap="nowrap">
      <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden="true">
        <rect width="32" height="32" rx="7" fill="var(--mantine-color-blue-9)" />
        <path d="M9 10h14v3.2h-5.3V23h-3.4v-9.8H9z" fill="#fff" />
      </svg>
      <Text fw={700} size={size > 30 ? 'xl' : 'lg'} c="blue.9">
        Tenure
      </Text>
    </Group>
  );
}

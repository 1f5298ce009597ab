import { Group, Stack, Title } from '@mantine/core';
import { type ReactNode, useEffect, useRef } from 'react';

/**
 * A screen's frame: sets the document title and, after in-app navigation, moves focus to the
 * heading so screen-reader and keyboard users start at the top of the new screen.
 */
export function Page({
  title,
  heading,
  actions,
  children,
  focusHeading = true,
}: {
  title: string;
  heading?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
  focusHeading?: boolean;
}) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} · Tenure`;
  }, [title]);
  useEffect(() => {
    if (focusHeading && document.activeElement === document.body) ref.current?.focus({ preventScroll: true });
  }, [focusHeading]);
  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
        <Title order={1} size="h2" ref={ref} tabIndex={-1}>
          {heading ?? title}
        </Title>
        {actions}
      </Group>
      {children}
    </Stack>
  );
}

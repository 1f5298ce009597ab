import { Center, Loader, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { ErrorPanel } from './error-panel.tsx';

type Query<T> = {
  isPending: boolean;
  isError: boolean;
  error: unknown;
  data: T | undefined;
  refetch: () => unknown;
};

/**
 * What a list shows before its rows: the error in words with a retry, a small spinner, or why
 * it is empty; then the rows themselves.
 */
export function QueryView<T>({
  query,
  thing,
  loading,
  isEmpty,
  empty,
  children,
}: {
  query: Query<T>;
  /** What failed to load, for the error sentence ("case", "response"…). */
  thing: string;
  /** The spinner's accessible name. */
  loading: string;
  isEmpty: (d: T) => boolean;
  empty: ReactNode;
  children: (d: T) => ReactNode;
}) {
  if (query.isError) return <ErrorPanel error={query.error} thing={thing} onRetry={() => query.refetch()} />;
  if (query.isPending || query.data === undefined) {
    return (
      <Center p="lg">
        <Loader size="sm" aria-label={loading} />
      </Center>
    );
  }
  if (isEmpty(query.data)) {
    return (
      <Text size="sm" c="dimmed" p="sm">
        {empty}
      </Text>
    );
  }
  return children(query.data);
}

import { Button, Group, Paper, Skeleton, Stack, Table, Text, Title } from '@mantine/core';
import { type ReactNode, useId, useState } from 'react';
import { ErrorPanel } from './error-panel.tsx';

type QueryLike<T> = {
  isPending: boolean;
  isError: boolean;
  error: unknown;
  data: T | undefined;
  refetch: () => unknown;
};

/**
 * A chart with its numbers one click away: the chart first, a "Show numbers" toggle that
 * renders the same data as a table. Loading, errors and empty data are handled here, so each
 * chart only draws what it has.
 */
export function ChartCard<T>({
  title,
  description,
  query,
  thing,
  isEmpty,
  empty,
  chart,
  numbers,
}: {
  title: string;
  description: string;
  query: QueryLike<T>;
  thing: string;
  isEmpty: (d: T) => boolean;
  empty: string;
  chart: (d: T) => ReactNode;
  numbers: (d: T) => ReactNode;
}) {
  const [shown, setShown] = useState(false);
  const id = useId();
  const headingId = `${id}-title`;
  const d = query.data;
  const ready = !query.isPending && !query.isError && d !== undefined;
  const hasData = ready && !isEmpty(d);
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby={headingId}>
      <Group justify="space-between" align="flex-start" wrap="nowrap" mb="xs">
        <div>
          <Title order={2} size="h4" id={headingId}>
            {title}
          </Title>
          <Text size="sm" c="dimmed">
            {description}
          </Text>
        </div>
        {hasData && (
          <Button
            size="xs"
            variant="light"
            style={{ flexShrink: 0 }}
            aria-expanded={shown}
            aria-controls={`${id}-numbers`}
            onClick={() => setShown((s) => !s)}
          >
            {shown ? 'Hide numbers' : 'Show numbers'}
          </Button>
        )}
      </Group>
      {query.isPending ? (
        <Skeleton h={200} aria-label={`Loading ${title}`} />
      ) : query.isError || d === undefined ? (
        <ErrorPanel error={query.error} thing={thing} onRetry={() => query.refetch()} />
      ) : !hasData ? (
        <Text size="sm" c="dimmed" py="xl" ta="center">
          {empty}
        </Text>
      ) : (
        <Stack gap="sm">
          {chart(d)}
          {shown && <div id={`${id}-numbers`}>{numbers(d)}</div>}
        </Stack>
      )}
    </Paper>
  );
}

/** A plain numbers table for a chart, named after it. */
export function NumbersTable({
  label,
  head,
  rows,
}: {
  label: string;
  head: string[];
  rows: { key: string; cells: ReactNode[] }[];
}) {
  return (
    <Table.ScrollContainer minWidth={400}>
      <Table striped withTableBorder fz="sm" aria-label={label}>
        <Table.Thead>
          <Table.Tr>
            {head.map((h, i) => (
              <Table.Th key={h} ta={i === 0 ? 'left' : 'right'} style={{ whiteSpace: 'nowrap' }}>
                {h}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r) => (
            <Table.Tr key={r.key}>
              {r.cells.map((c, i) => (
                <Table.Td key={i} ta={i === 0 ? 'left' : 'right'} style={{ whiteSpace: 'nowrap' }}>
                  {c}
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/**
 * A drawn chart as one image for assistive technology: recharts' SVG has no name, so the
 * wrapper carries a sentence with the figures (the numbers table has them all).
 */
export function ChartImage({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div role="img" aria-label={label}>
      {children}
    </div>
  );
}

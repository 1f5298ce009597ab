import { Text } from '@mantine/core';
import { formatDateTime } from '../../ui/format.ts';

/** What "churned" means on the dashboards, as the API states it (`definition` of each churn report). */
export type ChurnDefinition = { basis: string; lapseDays: number; label: string };

/** The definition of churn a chart counts with, stated on the chart itself. */
export function ChurnDefinitionNote({ definition }: { definition: ChurnDefinition | null }) {
  if (!definition) return null;
  return (
    <Text size="xs" c="dimmed" data-testid="churn-definition">
      {definition.label}
    </Text>
  );
}

/**
 * Precomputed figures (stored by the nightly scoring run) say when they were computed, so nobody
 * takes last night's numbers for this minute's.
 */
export function AsOfNote({ asOf }: { asOf: string | null }) {
  if (!asOf) return null;
  return (
    <Text size="xs" c="dimmed" data-testid="as-of">
      As of {formatDateTime(asOf)}
    </Text>
  );
}

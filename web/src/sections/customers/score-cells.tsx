import { Badge, Text } from '@mantine/core';
import type { Customer } from '../../api/types.ts';
import { formatDateTime, formatMoney, formatRelative } from '../../ui/format.ts';
import { healthBandOf, healthBands } from './list-params.ts';

const colorOf = { 'at-risk': 'red', watch: 'yellow', healthy: 'green' } as const;

/** Health as a coloured badge that also says its band in words, so colour is never the only cue. */
export function HealthBadge({ health }: { health: number | null | undefined }) {
  if (health === null || health === undefined) {
    return (
      <Text size="sm" c="dimmed">
        Not scored
      </Text>
    );
  }
  const band = healthBandOf(health);
  const label = healthBands.find((b) => b.value === band)?.label ?? band;
  return (
    // overflow visible: a squeezed table column must not cut the band's name to "A…".
    <Badge color={colorOf[band]} variant="light" size="sm" style={{ overflow: 'visible' }}>
      {health} · {label}
    </Badge>
  );
}

export const formatPAlive = (p: number | null | undefined): string =>
  p === null || p === undefined ? '—' : `${Math.round(p * 100)}%`;

export const formatClv = (c: Customer): string =>
  c.scores?.clv ? formatMoney(c.scores.clv.minor, c.scores.clv.currency) : '—';

export function LastContact({ at }: { at: string | null }) {
  if (!at) {
    return (
      <Text size="sm" c="dimmed">
        Never
      </Text>
    );
  }
  return (
    <Text size="sm" title={formatDateTime(at)}>
      {formatRelative(at)}
    </Text>
  );
}

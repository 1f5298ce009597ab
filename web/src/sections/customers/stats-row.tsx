import { Paper, SimpleGrid, Text } from '@mantine/core';
import type { Customer360 } from '../../api/types.ts';
import { channelPhrase, formatDate, formatMoney, formatRelative } from '../../ui/format.ts';

/** A labelled figure with an optional hint under it; `boxed` frames it as a card. */
export function Stat({
  label,
  value,
  hint,
  boxed = true,
}: {
  label: string;
  value: string;
  hint?: string;
  boxed?: boolean;
}) {
  const body = (
    <>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text fw={700} size="lg" lh={1.3}>
        {value}
      </Text>
      {hint && (
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      )}
    </>
  );
  return boxed ? (
    <Paper withBorder p="sm" radius="md">
      {body}
    </Paper>
  ) : (
    <div>{body}</div>
  );
}

export function StatsRow({ customer: c }: { customer: Customer360 }) {
  const a = c.aggregates;
  const spend = a.lifetimeSpend.map((s) => formatMoney(s.minor, s.currency)).join(' + ') || '—';
  return (
    <SimpleGrid cols={{ base: 2, sm: 3, lg: 5 }} spacing="sm" component="section" aria-label="Key figures">
      <Stat label="Lifetime spend" value={spend} hint={`${a.purchaseCount} purchases`} />
      <Stat
        label="Last purchase"
        value={a.lastPurchaseAt ? formatRelative(a.lastPurchaseAt) : 'Never'}
        hint={a.firstPurchaseAt ? `first ${formatDate(a.firstPurchaseAt)}` : undefined}
      />
      <Stat
        label="Last contact"
        value={a.lastContactAt ? formatRelative(a.lastContactAt) : 'Never'}
        hint={a.lastContactChannel ? channelPhrase(a.lastContactChannel) : undefined}
      />
      <Stat label="Touchpoints" value={a.interactionCount.toLocaleString()} hint="on the timeline" />
      <Stat
        label="Open items"
        value={String(a.openItems)}
        hint={a.openItems ? 'need follow-up' : 'nothing waiting'}
      />
    </SimpleGrid>
  );
}

import { Badge, Button, Group, Paper, Progress, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, data } from '../../api/client.ts';
import type { Ok } from '../../api/types.ts';
import { useSession } from '../../auth/session.tsx';
import { formatDate, formatMoney } from '../../ui/format.ts';
import { TierOverrideForm } from './tier-override-form.tsx';

type CustomerTier = Ok<'/api/v1/loyalty/customers/{customerId}/tier', 'get'>;
type Next = NonNullable<CustomerTier['next']>;

/** "€310 of €500 to Gold", "800 of 1,000 points to Gold", "200 of 365 days to Veteran". */
export function progressText(n: Next): string {
  const amount = (v: number) =>
    n.criterion === 'spend'
      ? formatMoney(v, n.currency ?? 'EUR')
      : `${v.toLocaleString()}${n.criterion === 'points' ? ' points' : ' days'}`;
  const value =
    n.criterion === 'spend'
      ? formatMoney(Math.max(0, n.value), n.currency ?? 'EUR')
      : n.value.toLocaleString();
  return `${value} of ${amount(n.threshold)} to ${n.name}`;
}

/** The customer's loyalty tier in the 360, with progress to the next one up. */
export function TierPanel({ customerId }: { customerId: string }) {
  const me = useSession();
  const [overriding, setOverriding] = useState(false);
  const canOverride = me.role === 'admin' || me.role === 'manager';
  const q = useQuery({
    queryKey: ['customer-tier', customerId],
    queryFn: ({ signal }) =>
      data(
        api.GET('/api/v1/loyalty/customers/{customerId}/tier', { params: { path: { customerId } }, signal }),
      ),
  });
  if (!q.data) return null;
  const t = q.data;
  return (
    <Paper withBorder p="md" aria-label="Loyalty tier">
      <Stack gap="xs">
        <Group justify="space-between">
          <Title order={4}>Tier</Title>
          <Badge variant="light">{t.tier?.name ?? 'No tier'}</Badge>
        </Group>
        {t.since && <Text size="sm">Since {formatDate(t.since)}</Text>}
        {t.override && (
          <Text size="sm">
            Set by a manager until {formatDate(t.override.until)}: {t.override.reason}
          </Text>
        )}
        {t.belowSince && <Text size="sm">Below the threshold since {formatDate(t.belowSince)}</Text>}
        {t.next && (
          <>
            <Text size="sm">{progressText(t.next)}</Text>
            <Progress
              value={Math.min(100, (Math.max(0, t.next.value) / Math.max(1, t.next.threshold)) * 100)}
              aria-label={progressText(t.next)}
            />
          </>
        )}
        {canOverride &&
          (overriding ? (
            <TierOverrideForm customerId={customerId} onDone={() => setOverriding(false)} />
          ) : (
            <Group>
              <Button size="xs" variant="default" onClick={() => setOverriding(true)}>
                Override tier
              </Button>
            </Group>
          ))}
      </Stack>
    </Paper>
  );
}

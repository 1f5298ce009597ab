import {
  Alert,
  Anchor,
  Badge,
  Button,
  Code,
  Group,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { describeError } from '../../api/errors.ts';
import { ErrorPanel } from '../../ui/error-panel.tsx';
import { formatDate } from '../../ui/format.ts';
import { usePoints } from './loyalty-api.ts';
import { useRedeem, useRedemptions, useRewards, useRewardsLink } from './rewards-api.ts';

const channelWords = { staff: 'by a rep', public: 'on the rewards page', gift: 'gift' } as const;

/**
 * The customer's rewards in the 360: redeem one for them (spends their points, shows the code to
 * read out), the latest redemptions and gifts, and the link to their own rewards page. "Send a
 * gift" is in the call guide beside it (a gift from a call), and on the case page.
 */
export function RewardsPanel({ customerId }: { customerId: string }) {
  const points = usePoints(customerId);
  const rewards = useRewards(true);
  const redemptions = useRedemptions(customerId);
  const redeem = useRedeem(customerId);
  const link = useRewardsLink();
  const [rewardId, setRewardId] = useState<string | null>(null);
  const available = points.data?.available ?? 0;
  const options = (rewards.data?.data ?? []).map((r) => {
    const out = r.stock === 0 || r.freeCodes === 0;
    return {
      value: r.id,
      label: `${r.name} — ${r.points.toLocaleString()} points${out ? ' (out of stock)' : ''}`,
      disabled: out || r.points > available,
    };
  });
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="rewards-heading">
      <Stack gap="sm">
        <Title order={3} size="h4" id="rewards-heading">
          Rewards
        </Title>
        <Text size="sm" aria-label="Points to spend">
          {available.toLocaleString()} points to spend
        </Text>
        {rewards.error && (
          <ErrorPanel error={rewards.error} thing="rewards" onRetry={() => rewards.refetch()} />
        )}
        <form
          aria-label="Redeem a reward"
          onSubmit={(e) => {
            e.preventDefault();
            if (rewardId) redeem.mutate(rewardId, { onSuccess: () => setRewardId(null) });
          }}
        >
          <Group align="flex-end" gap="xs">
            <Select
              label="Reward"
              placeholder={options.length ? 'Choose a reward' : 'No rewards in the catalogue'}
              data={options}
              value={rewardId}
              onChange={setRewardId}
              style={{ flex: 1 }}
            />
            <Button type="submit" disabled={!rewardId} loading={redeem.isPending}>
              Redeem
            </Button>
          </Group>
        </form>
        {redeem.error && (
          <Alert color="red" role="alert">
            {describeError(redeem.error)}
          </Alert>
        )}
        {redeem.data && (
          <Alert color="green" role="status" title={`Redeemed: ${redeem.data.redemption.rewardName}`}>
            {redeem.data.redemption.code ? (
              <>
                Code <Code aria-label="Reward code">{redeem.data.redemption.code}</Code>
              </>
            ) : (
              'No code: arrange the reward with the customer.'
            )}
          </Alert>
        )}
        {redemptions.error && (
          <ErrorPanel error={redemptions.error} thing="redemptions" onRetry={() => redemptions.refetch()} />
        )}
        {(redemptions.data?.data.length ?? 0) > 0 && (
          <Table aria-label="Redemptions">
            <Table.Tbody>
              {redemptions.data?.data.map((d) => (
                <Table.Tr key={d.id}>
                  <Table.Td>{formatDate(d.createdAt)}</Table.Td>
                  <Table.Td>
                    {d.rewardName} <Badge variant="light">{channelWords[d.channel]}</Badge>
                  </Table.Td>
                  <Table.Td>{d.code ? <Code>{d.code}</Code> : '—'}</Table.Td>
                  <Table.Td>
                    {d.usedAt ? `used ${formatDate(d.usedAt)}` : d.code ? 'not used yet' : ''}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        <Group gap="xs">
          <Button size="xs" variant="subtle" onClick={() => link.mutate(customerId)} loading={link.isPending}>
            Get the customer's rewards page link
          </Button>
        </Group>
        {link.error && (
          <Alert color="red" role="alert">
            {describeError(link.error)}
          </Alert>
        )}
        {link.data && (
          <Text size="sm">
            <Anchor href={link.data.url} aria-label="Rewards page link" style={{ wordBreak: 'break-all' }}>
              {link.data.url}
            </Anchor>{' '}
            (valid until {formatDate(link.data.expiresAt)})
          </Text>
        )}
      </Stack>
    </Paper>
  );
}

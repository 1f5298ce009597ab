import { Alert, Button, Group, Select, Stack, Text, Textarea } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { describeError } from '../../api/errors.ts';
import { type GiftFrom, useRewards, useSendGift } from './rewards-api.ts';

/**
 * "Send a gift": a small, unexpected reward from a case or a call. No points are spent; the gift
 * is tracked (timeline, audit) with where it came from.
 */
export function SendGift({ customerId, from }: { customerId: string; from: GiftFrom }) {
  const rewards = useRewards(true);
  const send = useSendGift(customerId);
  const [open, setOpen] = useState(false);
  const [rewardId, setRewardId] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const gifts = (rewards.data?.data ?? []).filter((r) => r.stock !== 0 && r.freeCodes !== 0);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!rewardId) return;
    send.mutate(
      { rewardId, from, note: note.trim() || null },
      {
        onSuccess: () => {
          setRewardId(null);
          setNote('');
          setOpen(false);
        },
      },
    );
  };
  if (!open)
    return (
      <Stack gap={4}>
        <Button variant="light" size="xs" onClick={() => setOpen(true)} style={{ alignSelf: 'flex-start' }}>
          Send a gift
        </Button>
        {send.data && (
          <Text size="sm" role="status">
            Gift sent: {send.data.redemption.rewardName}
            {send.data.redemption.code ? ` (code ${send.data.redemption.code})` : ''}.
          </Text>
        )}
      </Stack>
    );
  return (
    <form onSubmit={submit} aria-label="Send a gift">
      <Stack gap="xs">
        <Select
          label="Gift"
          placeholder={gifts.length ? 'Choose a gift' : 'No rewards in the catalogue'}
          data={gifts.map((r) => ({ value: r.id, label: `${r.name} (${r.kind})` }))}
          value={rewardId}
          onChange={setRewardId}
          required
        />
        <Textarea
          label="Note"
          maxLength={1000}
          value={note}
          onChange={(e) => setNote(e.currentTarget.value)}
        />
        {send.error && (
          <Alert color="red" role="alert">
            {describeError(send.error)}
          </Alert>
        )}
        <Group gap="xs">
          <Button type="submit" size="xs" loading={send.isPending} disabled={!rewardId}>
            Send gift
          </Button>
          <Button size="xs" variant="subtle" onClick={() => setOpen(false)}>
            Cancel
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

import { Alert, Button, Group, Select, Stack, Text, TextInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { describeError } from '../../api/errors.ts';
import { useOverrideTier, useTiers } from '../tiers/api.ts';

const NONE = 'none';

/**
 * A manager puts the customer in a tier (or in none) until a date, saying why; audited, applied at
 * once, and the nightly evaluation takes over when it expires.
 */
export function TierOverrideForm({ customerId, onDone }: { customerId: string; onDone: () => void }) {
  const tiers = useTiers();
  const override = useOverrideTier(customerId);
  const [tierId, setTierId] = useState<string | null>(null);
  const [until, setUntil] = useState('');
  const [reason, setReason] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!tierId || !until) return;
    override.mutate(
      // The end of the chosen day, UTC: "until 31 March" includes the 31st.
      { tierId: tierId === NONE ? null : tierId, until: `${until}T23:59:59Z`, reason },
      { onSuccess: onDone },
    );
  };
  return (
    <form onSubmit={submit} aria-label="Override the tier">
      <Stack gap="xs">
        <Select
          label="Tier"
          required
          value={tierId}
          onChange={setTierId}
          data={[
            ...(tiers.data?.data ?? []).map((t) => ({ value: t.id, label: t.name })),
            { value: NONE, label: 'No tier' },
          ]}
        />
        <TextInput
          label="Until"
          type="date"
          required
          value={until}
          onChange={(e) => setUntil(e.currentTarget.value)}
        />
        <TextInput
          label="Reason"
          required
          minLength={3}
          maxLength={500}
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
        />
        {override.error && (
          <Alert color="red" role="alert">
            {describeError(override.error)}
          </Alert>
        )}
        <Group>
          <Button type="submit" size="xs" loading={override.isPending}>
            Apply override
          </Button>
          <Button size="xs" variant="default" onClick={onDone}>
            Cancel
          </Button>
        </Group>
        <Text size="xs" c="dimmed">
          Recorded in the audit log with your name and the reason.
        </Text>
      </Stack>
    </form>
  );
}

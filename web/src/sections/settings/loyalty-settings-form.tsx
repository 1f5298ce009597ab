import { Alert, Button, Group, NumberInput, Select, Text } from '@mantine/core';
import { type FormEvent, useEffect, useState } from 'react';
import { describeError } from '../../api/errors.ts';
import { ErrorPanel } from '../../ui/error-panel.tsx';
import { type LoyaltySettings, useLoyaltySettings, useSaveLoyaltySettings } from './loyalty-api.ts';

/** The pending period and the expiry policy (Settings → Loyalty). */
export function LoyaltySettingsForm() {
  const current = useLoyaltySettings();
  const save = useSaveLoyaltySettings();
  const [draft, setDraft] = useState<LoyaltySettings | null>(null);
  useEffect(() => {
    if (current.data && !draft) setDraft(current.data);
  }, [current.data, draft]);
  if (current.error)
    return <ErrorPanel error={current.error} thing="loyalty settings" onRetry={() => current.refetch()} />;
  if (!draft) return null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate(draft);
  };
  return (
    <form onSubmit={submit} aria-label="Pending and expiry">
      <Group align="flex-end">
        <NumberInput
          label="Pending days"
          min={0}
          max={365}
          value={draft.pendingDays}
          onChange={(v) => setDraft({ ...draft, pendingDays: Number(v) || 0 })}
          w={140}
        />
        <Select
          label="Expiry"
          value={draft.expiry}
          allowDeselect={false}
          data={[
            { value: 'none', label: 'Points never expire' },
            { value: 'fixed', label: 'Months after earning' },
            { value: 'inactivity', label: 'Months without activity' },
          ]}
          onChange={(v) => v && setDraft({ ...draft, expiry: v as LoyaltySettings['expiry'] })}
        />
        <NumberInput
          label="Months"
          min={1}
          max={120}
          value={draft.expiryMonths}
          disabled={draft.expiry === 'none'}
          onChange={(v) => setDraft({ ...draft, expiryMonths: Number(v) || 1 })}
          w={110}
        />
        <Button type="submit" loading={save.isPending}>
          Save
        </Button>
        {save.isSuccess && <Text size="sm">Saved.</Text>}
      </Group>
      {save.error && (
        <Alert color="red" mt="sm">
          {describeError(save.error)}
        </Alert>
      )}
    </form>
  );
}

import {
  Alert,
  Button,
  Group,
  NumberInput,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { type FormEvent, useEffect, useState } from 'react';
import { describeError } from '../../api/errors.ts';
import { ErrorPanel } from '../../ui/error-panel.tsx';
import {
  type DryRun,
  type LoyaltySettings,
  type RuleDraft,
  useAddEarnRule,
  useDeleteEarnRule,
  useDryRun,
  useEarnRules,
  useLoyaltySettings,
  useSaveLoyaltySettings,
} from './loyalty-api.ts';
import { LoyaltySettingsForm } from './loyalty-settings-form.tsx';

function DryRunResult({ r }: { r: DryRun }) {
  return (
    <Stack gap={4} aria-label="Dry run result">
      <Text size="sm">
        Over {r.purchasesScanned.toLocaleString()} purchases of the last year
        {r.truncated ? ' (stopped at the cap)' : ''}: <b>{r.points.toLocaleString()} points</b> for{' '}
        {r.purchasesEarning.toLocaleString()} purchases of {r.customers.toLocaleString()} customers.
      </Text>
      {r.rules.map((x) => (
        <Text size="sm" key={x.name}>
          {x.name}: {x.points.toLocaleString()} points on {x.purchases.toLocaleString()} purchases
          {x.errors ? ` — failed on ${x.errors} (${x.firstError})` : ''}
        </Text>
      ))}
    </Stack>
  );
}

/** Settings → Loyalty: the pending period, the expiry policy and the earn rules, tried on past purchases before saving. */
export function LoyaltyPanel() {
  const rules = useEarnRules();
  const add = useAddEarnRule();
  const remove = useDeleteEarnRule();
  const dry = useDryRun();
  const [draft, setDraft] = useState<RuleDraft>({ name: '', condition: 'true', points: 'int(amount)' });
  const enabled = (rules.data?.data ?? []).filter((r) => r.enabled);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    add.mutate(draft, { onSuccess: () => setDraft({ name: '', condition: 'true', points: 'int(amount)' }) });
  };
  const field = (k: keyof RuleDraft) => ({
    value: draft[k],
    onChange: (e: { currentTarget: { value: string } }) => setDraft({ ...draft, [k]: e.currentTarget.value }),
  });
  return (
    <Stack gap="lg">
      <Paper withBorder p="md">
        <Title order={3} size="h4" mb="sm">
          Pending and expiry
        </Title>
        <LoyaltySettingsForm />
      </Paper>
      <Paper withBorder p="md">
        <Title order={3} size="h4" mb="xs">
          Earn rules
        </Title>
        <Text size="sm" c="dimmed" mb="sm">
          Every purchase earns the sum of the rules whose condition holds. Rules see amount, amountMinor,
          currency, tier, isFirstPurchase, channel and properties (CEL).
        </Text>
        {rules.error && <ErrorPanel error={rules.error} thing="earn rules" onRetry={() => rules.refetch()} />}
        <Table aria-label="Earn rules">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>When</Table.Th>
              <Table.Th>Points</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(rules.data?.data ?? []).map((r) => (
              <Table.Tr key={r.id}>
                <Table.Td>{r.name}</Table.Td>
                <Table.Td>
                  <code>{r.condition}</code>
                </Table.Td>
                <Table.Td>
                  <code>{r.points}</code>
                </Table.Td>
                <Table.Td>
                  <Button
                    size="xs"
                    variant="subtle"
                    color="red"
                    onClick={() => remove.mutate(r.id)}
                    aria-label={`Delete ${r.name}`}
                  >
                    Delete
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <form onSubmit={submit} aria-label="New earn rule">
          <Stack gap="xs" mt="md">
            <Group grow align="flex-start">
              <TextInput label="Name" required maxLength={100} {...field('name')} />
              <TextInput label="Condition" required maxLength={2000} {...field('condition')} />
              <TextInput label="Points" required maxLength={2000} {...field('points')} />
            </Group>
            <Group>
              <Button
                variant="default"
                loading={dry.isPending}
                onClick={() =>
                  dry.mutate([
                    ...enabled.map(({ name, condition, points }) => ({ name, condition, points })),
                    draft,
                  ])
                }
              >
                Try on past purchases
              </Button>
              <Button type="submit" loading={add.isPending}>
                Add rule
              </Button>
            </Group>
            {(add.error || dry.error) && <Alert color="red">{describeError(add.error ?? dry.error)}</Alert>}
            {dry.data && <DryRunResult r={dry.data} />}
          </Stack>
        </form>
      </Paper>
    </Stack>
  );
}

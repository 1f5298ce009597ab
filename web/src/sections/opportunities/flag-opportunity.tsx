import { Button, Group, NumberInput, Paper, Stack, Textarea, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type FormEvent, useState } from 'react';
import { describeError } from '../../api/errors.ts';
import { useFlagOpportunity } from './api.ts';

/** Minor units of an amount typed in major units, by the currency's own digits (JPY has none). */
export function toMinor(major: number, currency: string): number {
  let digits = 2;
  try {
    digits =
      new Intl.NumberFormat(undefined, { style: 'currency', currency }).resolvedOptions()
        .maximumFractionDigits ?? 2;
  } catch {
    // An unknown code: the server refuses it with its own message.
  }
  return Math.round(major * 10 ** digits);
}

/**
 * "Flag opportunity": a rep notes a sale they found while serving the customer, on the call
 * (the touchpoint) or the case in front of them. A purchase that matches within the window
 * converts it and credits the rep (docs/people.md).
 */
export function FlagOpportunity({
  customerId,
  interactionId,
  caseId,
  defaultCurrency = 'EUR',
}: {
  customerId: string;
  interactionId?: number;
  caseId?: string;
  defaultCurrency?: string;
}) {
  const [open, setOpen] = useState(false);
  const [interest, setInterest] = useState('');
  const [value, setValue] = useState<number | string>('');
  const [currency, setCurrency] = useState(defaultCurrency);
  const [product, setProduct] = useState('');
  const flag = useFlagOpportunity();
  if (!interactionId && !caseId) return null;
  if (!open)
    return (
      <Group>
        <Button variant="light" size="sm" onClick={() => setOpen(true)}>
          Flag opportunity
        </Button>
      </Group>
    );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const cur = currency.trim().toUpperCase();
    flag.mutate(
      {
        customerId,
        interactionId: interactionId ?? null,
        caseId: caseId ?? null,
        interest: interest.trim(),
        product: product.trim() || null,
        category: null,
        valueMinor: toMinor(Number(value) || 0, cur),
        currency: cur,
        windowDays: 90,
      },
      {
        onSuccess: () => {
          notifications.show({
            color: 'green',
            message: 'Opportunity flagged: a matching purchase will credit you.',
          });
          setOpen(false);
          setInterest('');
          setValue('');
          setProduct('');
        },
        onError: (err) =>
          notifications.show({
            color: 'red',
            title: 'The opportunity was not flagged',
            message: describeError(err),
          }),
      },
    );
  };
  return (
    <Paper withBorder radius="md" p="sm" component="form" onSubmit={submit} aria-label="Flag an opportunity">
      <Title order={3} size="h5" mb="xs">
        Flag opportunity
      </Title>
      <Stack gap="xs">
        <Textarea
          label="Interest"
          placeholder="What would they buy?"
          autosize
          minRows={2}
          maxLength={500}
          required
          value={interest}
          onChange={(e) => setInterest(e.currentTarget.value)}
        />
        <Group grow>
          <NumberInput
            label="Estimated value"
            min={0}
            max={1e11}
            value={value}
            onChange={setValue}
            required
          />
          <TextInput
            label="Currency"
            maxLength={3}
            value={currency}
            onChange={(e) => setCurrency(e.currentTarget.value)}
            required
          />
        </Group>
        <TextInput
          label="Product (optional)"
          description="Only a purchase of this product converts it"
          maxLength={200}
          value={product}
          onChange={(e) => setProduct(e.currentTarget.value)}
        />
        <Group justify="flex-end">
          <Button variant="subtle" onClick={() => setOpen(false)}>
            Cancel
          </Button>
          <Button type="submit" loading={flag.isPending} disabled={!interest.trim() || value === ''}>
            Flag opportunity
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

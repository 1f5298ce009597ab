import {
  Alert,
  Autocomplete,
  Button,
  Group,
  MultiSelect,
  NumberInput,
  Stack,
  TagsInput,
} from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { channels, customerStatuses } from '../../api/types.ts';
import { humanize } from '../../ui/format.ts';
import { commonTriggerKinds, describeTrigger, fromMinor, toMinor } from './trigger-words.ts';
import type { TriggerFields } from './triggers-api.ts';
import { describeFormError } from './words.ts';

type Values = {
  interactionKind: string;
  delayHours: number | '';
  channels: string[];
  minAmount: number | '';
  statuses: string[];
  lifecycleStages: string[];
};

const KIND = /^[a-z][a-z0-9-]{0,39}$/;

const valuesOf = (t: TriggerFields | undefined): Values => ({
  interactionKind: t?.interactionKind ?? '',
  delayHours: t?.delayHours ?? 24,
  channels: t?.condition.channels ?? [],
  minAmount: t?.condition.minAmountMinor === undefined ? '' : fromMinor(t.condition.minAmountMinor),
  statuses: t?.condition.statuses ?? [],
  lifecycleStages: t?.condition.lifecycleStages ?? [],
});

/** The fields as the API takes them; an empty condition field means "any". */
function toFields(v: Values): TriggerFields {
  return {
    interactionKind: v.interactionKind.trim(),
    delayHours: v.delayHours === '' ? 0 : v.delayHours,
    condition: {
      channels: v.channels.length ? (v.channels as TriggerFields['condition']['channels']) : undefined,
      minAmountMinor: v.minAmount === '' ? undefined : toMinor(v.minAmount),
      statuses: v.statuses.length ? (v.statuses as TriggerFields['condition']['statuses']) : undefined,
      lifecycleStages: v.lifecycleStages.length ? v.lifecycleStages : undefined,
    },
  };
}

/** Add or change a trigger; the sentence under the fields says what it will do as they change. */
export function TriggerForm({
  initial,
  label,
  submitLabel,
  pending,
  error,
  onSubmit,
  onCancel,
}: {
  initial?: TriggerFields;
  label: string;
  submitLabel: string;
  pending: boolean;
  error: unknown;
  onSubmit: (fields: TriggerFields) => void;
  onCancel: () => void;
}) {
  const [v, setV] = useState<Values>(() => valuesOf(initial));
  const [kindError, setKindError] = useState<string | null>(null);
  const set = (patch: Partial<Values>) => setV((old) => ({ ...old, ...patch }));
  const fields = toFields(v);
  const kindOk = KIND.test(fields.interactionKind);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!kindOk) {
      setKindError('Use lower-case letters, digits and "-", starting with a letter (e.g. ticket-closed).');
      return;
    }
    onSubmit(fields);
  };

  return (
    <form onSubmit={submit} aria-label={label}>
      <Stack gap="xs">
        <Group grow align="flex-start">
          <Autocomplete
            label="Kind of touchpoint"
            description="As your systems record it; pick one or type another"
            required
            data={commonTriggerKinds}
            value={v.interactionKind}
            error={kindError}
            onChange={(interactionKind) => {
              set({ interactionKind });
              setKindError(null);
            }}
          />
          <NumberInput
            label="Delay (hours)"
            description="How long after it to send; 0: right away"
            required
            min={0}
            max={8760}
            allowDecimal={false}
            value={v.delayHours}
            onChange={(d) => set({ delayHours: d === '' ? '' : Number(d) })}
          />
        </Group>
        <Group grow align="flex-start">
          <MultiSelect
            label="Only touchpoints on these channels"
            description="None: every channel"
            searchable
            data={channels.map((c) => ({ value: c, label: humanize(c) }))}
            value={v.channels}
            onChange={(channels) => set({ channels })}
          />
          <NumberInput
            label="Minimum amount"
            description="In the currency's main unit (10 = 10.00); empty: no minimum"
            min={0}
            decimalScale={2}
            value={v.minAmount}
            onChange={(a) => set({ minAmount: a === '' ? '' : Number(a) })}
          />
        </Group>
        <Group grow align="flex-start">
          <MultiSelect
            label="Only customers who are"
            description="None: every status"
            searchable
            data={customerStatuses.map((s) => ({ value: s, label: humanize(s) }))}
            value={v.statuses}
            onChange={(statuses) => set({ statuses })}
          />
          <TagsInput
            label="Only these lifecycle stages"
            description="Type a stage and press Enter; none: every stage"
            maxTags={20}
            value={v.lifecycleStages}
            onChange={(lifecycleStages) => set({ lifecycleStages })}
          />
        </Group>
        <Alert variant="light" color="blue" p="xs">
          {kindOk ? describeTrigger(fields) : 'Choose the kind of touchpoint that starts the wait.'}
        </Alert>
        {error ? (
          <Alert color="red" role="alert" title="The trigger was not saved">
            {describeFormError(error, 'trigger')}
          </Alert>
        ) : null}
        <Group>
          <Button type="submit" loading={pending}>
            {submitLabel}
          </Button>
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

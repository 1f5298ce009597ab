import {
  Alert,
  Button,
  Checkbox,
  Group,
  MultiSelect,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Textarea,
  TextInput,
} from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { describeError } from '../../api/errors.ts';
import { useStaffList } from '../../api/staff.ts';
import { type Tier, type TierDraft, useSaveTier } from '../tiers/api.ts';

export const EMPTY_TIER: TierDraft = {
  name: '',
  rank: 1,
  criterion: 'spend',
  threshold: 0,
  currency: 'EUR',
  windowDays: 365,
  downgrade: 'grace',
  graceDays: 30,
  earnMultiplier: 1,
  casePriority: null,
  firstResponseMinutes: null,
  resolutionMinutes: null,
  dedicatedRep: false,
  repStaffIds: [],
  callListFirst: false,
  emailSubject: null,
  emailBody: null,
};

/** Minor units per major unit of a currency (100 for EUR, 1 for JPY). */
const unit = (currency: string | null) => {
  try {
    const fmt = new Intl.NumberFormat('en', { style: 'currency', currency: currency ?? 'EUR' });
    return 10 ** (fmt.resolvedOptions().maximumFractionDigits ?? 2);
  } catch {
    return 100;
  }
};
const orNull = (v: string | number) => (v === '' ? null : Number(v));

/** Defines or edits one tier: criterion over a rolling window, downgrade policy, service benefits. */
export function TierForm({ tier, onDone }: { tier: Tier | null; onDone: () => void }) {
  const [d, setD] = useState<TierDraft>(tier ?? EMPTY_TIER);
  const save = useSaveTier();
  const staff = useStaffList();
  const set = (p: Partial<TierDraft>) => setD({ ...d, ...p });
  const spend = d.criterion === 'spend';
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({ id: tier?.id ?? null, body: d }, { onSuccess: onDone });
  };
  return (
    <form onSubmit={submit} aria-label={tier ? `Edit tier ${tier.name}` : 'New tier'}>
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <TextInput
            label="Name"
            required
            maxLength={60}
            value={d.name}
            onChange={(e) => set({ name: e.currentTarget.value })}
          />
          <NumberInput
            label="Rank (higher is better)"
            min={1}
            max={100}
            value={d.rank}
            onChange={(v) => set({ rank: Number(v) || 1 })}
          />
          <Select
            label="Qualifies by"
            allowDeselect={false}
            value={d.criterion}
            data={[
              { value: 'spend', label: 'Net spend in the window' },
              { value: 'points', label: 'Points earned in the window' },
              { value: 'tenure', label: 'Days as a customer' },
            ]}
            onChange={(v) =>
              v &&
              set({
                criterion: v as TierDraft['criterion'],
                currency: v === 'spend' ? (d.currency ?? 'EUR') : null,
              })
            }
          />
          {spend && (
            <TextInput
              label="Currency"
              maxLength={3}
              value={d.currency ?? ''}
              onChange={(e) => set({ currency: e.currentTarget.value.toUpperCase() })}
            />
          )}
          <NumberInput
            label={
              spend
                ? `Threshold (${d.currency ?? ''})`
                : d.criterion === 'points'
                  ? 'Threshold (points)'
                  : 'Threshold (days)'
            }
            min={0}
            decimalScale={spend ? 2 : 0}
            value={spend ? d.threshold / unit(d.currency) : d.threshold}
            onChange={(v) =>
              set({ threshold: Math.round((Number(v) || 0) * (spend ? unit(d.currency) : 1)) })
            }
          />
          <NumberInput
            label="Rolling window (days)"
            min={1}
            max={3650}
            value={d.windowDays}
            onChange={(v) => set({ windowDays: Number(v) || 1 })}
          />
          <Select
            label="Downgrade"
            allowDeselect={false}
            value={d.downgrade}
            data={[
              { value: 'never', label: 'Never' },
              { value: 'yearly', label: 'At the yearly review' },
              { value: 'grace', label: 'After a grace period' },
            ]}
            onChange={(v) => v && set({ downgrade: v as TierDraft['downgrade'] })}
          />
          <NumberInput
            label="Grace period (days)"
            min={0}
            max={3650}
            disabled={d.downgrade !== 'grace'}
            value={d.graceDays}
            onChange={(v) => set({ graceDays: Number(v) || 0 })}
          />
          <NumberInput
            label="Earn multiplier"
            min={1}
            max={10}
            step={0.25}
            decimalScale={2}
            value={d.earnMultiplier}
            onChange={(v) => set({ earnMultiplier: Number(v) || 1 })}
          />
          <Select
            label="Case priority"
            clearable
            value={d.casePriority === null ? null : String(d.casePriority)}
            data={['1', '2', '3', '4'].map((p) => ({ value: p, label: `P${p}` }))}
            onChange={(v) => set({ casePriority: v ? Number(v) : null })}
          />
          <NumberInput
            label="First response (minutes)"
            min={1}
            max={525_600}
            value={d.firstResponseMinutes ?? ''}
            onChange={(v) => set({ firstResponseMinutes: orNull(v) })}
          />
          <NumberInput
            label="Resolution (minutes)"
            min={1}
            max={525_600}
            value={d.resolutionMinutes ?? ''}
            onChange={(v) => set({ resolutionMinutes: orNull(v) })}
          />
        </SimpleGrid>
        <Group>
          <Checkbox
            label="First on call lists"
            checked={d.callListFirst}
            onChange={(e) => set({ callListFirst: e.currentTarget.checked })}
          />
          <Checkbox
            label="Dedicated rep"
            checked={d.dedicatedRep}
            onChange={(e) => set({ dedicatedRep: e.currentTarget.checked })}
          />
        </Group>
        {d.dedicatedRep && (
          <MultiSelect
            label="Reps (new members get the one with the fewest members of this tier)"
            searchable
            value={d.repStaffIds}
            data={(staff.data ?? []).map((s) => ({ value: s.id, label: s.name || s.email }))}
            onChange={(v) => set({ repStaffIds: v })}
          />
        )}
        <TextInput
          label="Email subject to customers who move into this tier (Liquid; empty: no email)"
          maxLength={300}
          value={d.emailSubject ?? ''}
          onChange={(e) => set({ emailSubject: e.currentTarget.value || null })}
        />
        <Textarea
          label="Email body ({{ customer.firstName }}, {{ tier.name }}, {{ tier.previous }}, {{ tier.direction }})"
          autosize
          minRows={3}
          maxLength={20_000}
          value={d.emailBody ?? ''}
          onChange={(e) => set({ emailBody: e.currentTarget.value || null })}
        />
        {save.error && (
          <Alert color="red" role="alert">
            {describeError(save.error)}
          </Alert>
        )}
        <Group>
          <Button type="submit" loading={save.isPending}>
            {tier ? 'Save tier' : 'Add tier'}
          </Button>
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

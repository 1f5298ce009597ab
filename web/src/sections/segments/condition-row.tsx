import { ActionIcon, Group, MultiSelect, NumberInput, Select, TagsInput, TextInput } from '@mantine/core';
import { useStaffList } from '../../api/staff.ts';
import { IconX } from '../../ui/icons.tsx';
import type { Definition, Field } from './api.ts';

type Item = Definition['conditions'][number];
export type Condition = Extract<Item, { field: string }>;

export const opLabels: Record<string, string> = {
  is: 'is',
  isNot: 'is not',
  in: 'is one of',
  notIn: 'is none of',
  contains: 'contains',
  notContains: 'does not contain',
  startsWith: 'starts with',
  isSet: 'is known',
  isNotSet: 'is not known',
  gt: 'is more than',
  gte: 'is at least',
  lt: 'is less than',
  lte: 'is at most',
  between: 'is between',
  before: 'is before',
  after: 'is on or after',
  withinLastDays: 'in the last … days',
  notWithinLastDays: 'not in the last … days',
  topPercent: 'in the top … %',
  bottomPercent: 'in the bottom … %',
};

const groupLabels: Record<Field['group'], string> = {
  profile: 'Profile',
  lifecycle: 'Lifecycle',
  aggregates: 'Purchases and activity',
  scores: 'Scores',
  consent: 'Consent',
};

/** A value that fits the field's type and operator, for a new or changed condition. */
export function defaultCondition(field: Field, op = field.operators[0] ?? 'is'): Condition {
  const base: Condition = { field: field.key, op };
  if (field.type === 'money') base.currency = 'EUR';
  if (field.type === 'custom') base.key = '';
  if (op === 'isSet' || op === 'isNotSet') return base;
  if (op === 'in' || op === 'notIn') return { ...base, value: [] };
  if (op === 'between') return { ...base, value: field.type === 'date' ? ['', ''] : [0, 0] };
  if (op === 'withinLastDays' || op === 'notWithinLastDays') return { ...base, value: 30 };
  if (op === 'topPercent' || op === 'bottomPercent') return { ...base, value: 10 };
  if (field.type === 'enum') return { ...base, value: field.values?.[0] ?? '' };
  if (field.type === 'number' || field.type === 'money') return { ...base, value: field.min ?? 0 };
  return { ...base, value: '' };
}

const numeric = (v: string | number) => (typeof v === 'number' ? v : Number(v) || 0);

function ValueInput({
  field,
  c,
  onChange,
}: {
  field: Field;
  c: Condition;
  onChange: (c: Condition) => void;
}) {
  const staff = useStaffList();
  const set = (value: Condition['value']) => onChange({ ...c, value });
  const label = `Value for ${field.label}`;
  const { op } = c;
  if (op === 'isSet' || op === 'isNotSet') return null;
  if (field.type === 'staff') {
    const data = (staff.data ?? []).map((s) => ({ value: s.id, label: s.name }));
    return op === 'in' || op === 'notIn' ? (
      <MultiSelect
        aria-label={label}
        data={data}
        value={(c.value as string[]) ?? []}
        onChange={set}
        searchable
        w={260}
      />
    ) : (
      <Select
        aria-label={label}
        data={data}
        value={(c.value as string) || null}
        onChange={(v) => set(v ?? '')}
        searchable
        w={220}
      />
    );
  }
  if (field.type === 'enum') {
    const data = field.values ?? [];
    return op === 'in' || op === 'notIn' ? (
      <MultiSelect
        aria-label={label}
        data={data}
        value={(c.value as string[]) ?? []}
        onChange={set}
        w={260}
      />
    ) : (
      <Select
        aria-label={label}
        data={data}
        value={(c.value as string) || null}
        onChange={(v) => set(v ?? '')}
        w={160}
      />
    );
  }
  if (op === 'in' || op === 'notIn')
    return (
      <TagsInput
        aria-label={label}
        value={(c.value as string[]) ?? []}
        onChange={set}
        maxTags={100}
        w={260}
      />
    );
  if (op === 'between') {
    const [lo, hi] = (c.value as (string | number)[]) ?? [];
    const date = field.type === 'date';
    const one = (v: string | number | undefined, i: number, name: string) =>
      date ? (
        <TextInput
          type="date"
          aria-label={`${label}: ${name}`}
          value={String(v ?? '')}
          onChange={(e) =>
            set(
              i === 0 ? [e.currentTarget.value, String(hi ?? '')] : [String(lo ?? ''), e.currentTarget.value],
            )
          }
          w={160}
        />
      ) : (
        <NumberInput
          aria-label={`${label}: ${name}`}
          value={v ?? 0}
          onChange={(x) => set(i === 0 ? [numeric(x), numeric(hi ?? 0)] : [numeric(lo ?? 0), numeric(x)])}
          w={120}
        />
      );
    return (
      <Group gap={6} wrap="nowrap">
        {one(lo, 0, 'from')}
        and
        {one(hi, 1, 'to')}
      </Group>
    );
  }
  if (field.type === 'date' && (op === 'before' || op === 'after'))
    return (
      <TextInput
        type="date"
        aria-label={label}
        value={String(c.value ?? '')}
        onChange={(e) => set(e.currentTarget.value)}
        w={160}
      />
    );
  const isNumber =
    field.type === 'number' ||
    field.type === 'money' ||
    field.type === 'date' ||
    (field.type === 'custom' && ['gt', 'gte', 'lt', 'lte'].includes(op));
  if (isNumber)
    return (
      <NumberInput
        aria-label={label}
        value={typeof c.value === 'number' ? c.value : 0}
        onChange={(x) => set(numeric(x))}
        min={op.endsWith('Days') ? 0 : field.min}
        max={op.endsWith('Percent') ? 100 : op.endsWith('Days') ? 36500 : field.max}
        decimalScale={field.max === 1 ? 2 : undefined}
        step={field.max === 1 ? 0.05 : 1}
        w={120}
      />
    );
  return (
    <TextInput
      aria-label={label}
      value={String(c.value ?? '')}
      onChange={(e) => set(e.currentTarget.value)}
      w={200}
    />
  );
}

/** One condition: field, operator and value, each input named for screen readers. */
export function ConditionRow({
  c,
  fields,
  onChange,
  onRemove,
}: {
  c: Condition;
  fields: Field[];
  onChange: (c: Condition) => void;
  onRemove: () => void;
}) {
  const field = fields.find((f) => f.key === c.field);
  const grouped = (Object.keys(groupLabels) as Field['group'][]).map((g) => ({
    group: groupLabels[g],
    items: fields.filter((f) => f.group === g).map((f) => ({ value: f.key, label: f.label })),
  }));
  return (
    <Group
      gap="xs"
      align="center"
      wrap="wrap"
      role="group"
      aria-label={`Condition on ${field?.label ?? c.field}`}
    >
      <Select
        aria-label="Field"
        data={grouped}
        value={c.field}
        searchable
        allowDeselect={false}
        onChange={(key) => {
          const f = fields.find((x) => x.key === key);
          if (f) onChange(defaultCondition(f));
        }}
        w={200}
      />
      {field?.type === 'custom' && (
        <TextInput
          aria-label="Custom field key"
          placeholder="key, e.g. plan"
          value={c.key ?? ''}
          onChange={(e) => onChange({ ...c, key: e.currentTarget.value })}
          w={130}
        />
      )}
      <Select
        aria-label="Operator"
        data={(field?.operators ?? []).map((op) => ({ value: op, label: opLabels[op] ?? op }))}
        value={c.op}
        allowDeselect={false}
        onChange={(op) =>
          field && op && onChange({ ...defaultCondition(field, op), key: c.key, currency: c.currency })
        }
        w={170}
      />
      {field && <ValueInput field={field} c={c} onChange={onChange} />}
      {field?.type === 'money' && (
        <TextInput
          aria-label="Currency"
          value={c.currency ?? ''}
          maxLength={3}
          onChange={(e) => onChange({ ...c, currency: e.currentTarget.value.toUpperCase() })}
          w={70}
        />
      )}
      <ActionIcon variant="subtle" color="gray" aria-label="Remove condition" onClick={onRemove}>
        <IconX size={16} />
      </ActionIcon>
    </Group>
  );
}

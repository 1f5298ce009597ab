import { ActionIcon, Button, Group, Select, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { type FormEvent, type ReactNode, useMemo, useState } from 'react';
import { describeError } from '../../api/errors.ts';
import type { Address, Customer360, CustomerPatch } from '../../api/types.ts';
import { formatAddress } from '../../ui/format.ts';
import { IconEdit } from '../../ui/icons.tsx';
import { useUpdateCustomer } from './api.ts';

type Field = 'phone' | 'email' | 'address' | 'timeZone';

/** One detail to confirm: its value (or a prompt to ask for it) and an inline editor. */
function DetailRow({
  label,
  value,
  editing,
  onEdit,
  editor,
}: {
  label: string;
  value: string;
  editing: boolean;
  onEdit: () => void;
  editor: ReactNode;
}) {
  return (
    <div>
      <Group justify="space-between" wrap="nowrap" gap="xs">
        <div style={{ minWidth: 0 }}>
          <Text size="xs" c="dimmed" fw={600}>
            {label}
          </Text>
          {!editing && (
            <Text
              size="sm"
              c={value ? undefined : 'var(--tenure-color-warning-text)'}
              style={{ overflowWrap: 'anywhere' }}
            >
              {value || 'Missing: ask for it'}
            </Text>
          )}
        </div>
        {!editing && (
          <ActionIcon variant="subtle" onClick={onEdit} aria-label={`Edit ${label.toLowerCase()}`}>
            <IconEdit size={16} />
          </ActionIcon>
        )}
      </Group>
      {editing && editor}
    </div>
  );
}

function EditorForm({
  onSave,
  onCancel,
  pending,
  error,
  children,
}: {
  onSave: () => void;
  onCancel: () => void;
  pending: boolean;
  error: string | null;
  children: ReactNode;
}) {
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSave();
  };
  return (
    <form
      onSubmit={submit}
      onKeyDown={(e) => {
        if (e.key === 'Escape') onCancel();
      }}
    >
      <Stack gap={6} mt={4}>
        {children}
        {error && (
          <Text size="sm" c="red.9" role="alert">
            {error}
          </Text>
        )}
        <Group gap="xs">
          <Button type="submit" size="xs" loading={pending}>
            Save
          </Button>
          <Button size="xs" variant="default" onClick={onCancel}>
            Cancel
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Replaces the first entry of a list (the one shown), keeping the others; empty removes it. */
const withFirst = (list: string[], value: string) =>
  value.trim() ? [value.trim(), ...list.slice(1)] : list.slice(1);

export function ContactDetails({ customer: c }: { customer: Customer360 }) {
  const update = useUpdateCustomer(c.id);
  const [editing, setEditing] = useState<Field | null>(null);
  const [text, setText] = useState('');
  const [address, setAddress] = useState<Address>({});
  // ~400 names: only worked out when someone edits the time zone, not on every 360.
  const zones = useMemo(() => (editing === 'timeZone' ? Intl.supportedValuesOf('timeZone') : []), [editing]);

  const start = (f: Field) => {
    update.reset();
    setEditing(f);
    setText(f === 'phone' ? (c.phones[0] ?? '') : f === 'email' ? (c.emails[0] ?? '') : (c.timeZone ?? ''));
    setAddress(c.address ?? {});
  };
  const cancel = () => setEditing(null);
  const save = (patch: CustomerPatch) => update.mutate(patch, { onSuccess: () => setEditing(null) });
  const error = update.error ? describeError(update.error) : null;
  const more = (list: string[]) => (list.length > 1 ? ` (+${list.length - 1} more)` : '');
  const common = { onCancel: cancel, pending: update.isPending, error };

  return (
    <Stack gap="xs">
      <Title order={3} size="h5">
        Confirm these details
      </Title>
      <DetailRow
        label="Phone"
        value={c.phones[0] ? c.phones[0] + more(c.phones) : ''}
        editing={editing === 'phone'}
        onEdit={() => start('phone')}
        editor={
          <EditorForm {...common} onSave={() => save({ phones: withFirst(c.phones, text) })}>
            <TextInput
              label="Phone"
              type="tel"
              autoComplete="off"
              value={text}
              onChange={(e) => setText(e.currentTarget.value)}
              data-autofocus
              autoFocus
            />
          </EditorForm>
        }
      />
      <DetailRow
        label="Email"
        value={c.emails[0] ? c.emails[0] + more(c.emails) : ''}
        editing={editing === 'email'}
        onEdit={() => start('email')}
        editor={
          <EditorForm {...common} onSave={() => save({ emails: withFirst(c.emails, text) })}>
            <TextInput
              label="Email"
              type="email"
              autoComplete="off"
              value={text}
              onChange={(e) => setText(e.currentTarget.value)}
              autoFocus
            />
          </EditorForm>
        }
      />
      <DetailRow
        label="Address"
        value={formatAddress(c.address)}
        editing={editing === 'address'}
        onEdit={() => start('address')}
        editor={
          <EditorForm
            {...common}
            onSave={() => {
              const cleaned = Object.fromEntries(
                Object.entries(address)
                  .map(([k, v]) => [k, typeof v === 'string' ? v.trim() : v])
                  .filter(([, v]) => v),
              ) as Address;
              save({ address: Object.keys(cleaned).length ? cleaned : null });
            }}
          >
            <TextInput
              label="Street"
              value={address.line1 ?? ''}
              onChange={(e) => setAddress({ ...address, line1: e.currentTarget.value })}
              autoFocus
            />
            <TextInput
              label="Apartment, floor (optional)"
              value={address.line2 ?? ''}
              onChange={(e) => setAddress({ ...address, line2: e.currentTarget.value })}
            />
            <SimpleGrid cols={2} spacing="xs">
              <TextInput
                label="Postal code"
                value={address.postalCode ?? ''}
                onChange={(e) => setAddress({ ...address, postalCode: e.currentTarget.value })}
              />
              <TextInput
                label="City"
                value={address.city ?? ''}
                onChange={(e) => setAddress({ ...address, city: e.currentTarget.value })}
              />
              <TextInput
                label="Region"
                value={address.region ?? ''}
                onChange={(e) => setAddress({ ...address, region: e.currentTarget.value })}
              />
              <TextInput
                label="Country (2 letters)"
                maxLength={2}
                value={address.country ?? ''}
                onChange={(e) => setAddress({ ...address, country: e.currentTarget.value.toUpperCase() })}
              />
            </SimpleGrid>
          </EditorForm>
        }
      />
      <DetailRow
        label="Time zone"
        value={c.timeZone ?? ''}
        editing={editing === 'timeZone'}
        onEdit={() => start('timeZone')}
        editor={
          <EditorForm {...common} onSave={() => save({ timeZone: text || null })}>
            <Select
              label="Time zone"
              data={zones}
              value={text || null}
              onChange={(v) => setText(v ?? '')}
              searchable
              clearable
              limit={50}
              autoFocus
            />
          </EditorForm>
        }
      />
    </Stack>
  );
}

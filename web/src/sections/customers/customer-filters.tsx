import { Group, Loader, Paper, Select, TextInput } from '@mantine/core';
import type { RefObject } from 'react';
import { useStaffList } from '../../api/staff.ts';
import { customerStatuses } from '../../api/types.ts';
import { useSession } from '../../auth/session.tsx';
import { humanize } from '../../ui/format.ts';
import { IconSearch } from '../../ui/icons.tsx';
import { useSegments } from '../segments/api.ts';
import { contactOptions, contactValue, healthBands, type ListParams, pAliveBands } from './list-params.ts';

/** The search box and the filters; each filter lives in the address (`setParam`). */
export function CustomerFilters({
  query,
  onQuery,
  inputRef,
  fetching,
  params,
  setParam,
}: {
  query: string;
  onQuery: (q: string) => void;
  inputRef: RefObject<HTMLInputElement | null>;
  fetching: boolean;
  params: ListParams;
  setParam: (name: string, value: string | null) => void;
}) {
  const me = useSession();
  const staff = useStaffList();
  const segments = useSegments();
  return (
    <Paper withBorder p="sm" radius="md">
      <Group align="flex-end" gap="sm" wrap="wrap">
        <TextInput
          ref={inputRef}
          label="Search customers"
          placeholder="Name, email or customer id"
          leftSection={<IconSearch size={16} />}
          rightSection={
            fetching ? <Loader size={14} aria-label="Searching" /> : <kbd className="hint">/</kbd>
          }
          value={query}
          onChange={(e) => onQuery(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'Escape') onQuery('');
          }}
          type="search"
          autoFocus
          style={{ flex: '1 1 18rem' }}
        />
        <Select
          label="Status"
          placeholder="Any status"
          data={customerStatuses.map((s) => ({ value: s, label: humanize(s) }))}
          value={params.status ?? null}
          onChange={(v) => setParam('status', v)}
          clearable
          w={140}
        />
        <Select
          label="Owner"
          placeholder="Anyone"
          data={[
            { value: 'me', label: 'Me' },
            ...(staff.data ?? []).filter((s) => s.id !== me.id).map((s) => ({ value: s.id, label: s.name })),
          ]}
          value={params.owner ?? null}
          onChange={(v) => setParam('owner', v)}
          clearable
          searchable
          w={180}
        />
        <Select
          label="Health"
          placeholder="Any health"
          data={healthBands.map((b) => ({
            value: b.value,
            label: b.range ? `${b.label} (${b.range})` : b.label,
          }))}
          value={params.health ?? null}
          onChange={(v) => setParam('health', v)}
          clearable
          w={210}
        />
        <Select
          label="P(alive)"
          placeholder="Any"
          data={pAliveBands}
          value={params.pAlive ?? null}
          onChange={(v) => setParam('palive', v)}
          clearable
          w={190}
        />
        <Select
          label="Last contact"
          placeholder="Any time"
          data={contactOptions(params.contact)}
          value={params.contact ? contactValue(params.contact) : null}
          onChange={(v) => setParam('contact', v)}
          clearable
          w={220}
        />
        <Select
          label="Segment"
          placeholder="Everyone"
          data={(segments.data ?? []).map((s) => ({ value: s.id, label: s.name }))}
          value={params.segment ?? null}
          onChange={(v) => setParam('segment', v)}
          clearable
          searchable
          w={200}
        />
      </Group>
    </Paper>
  );
}

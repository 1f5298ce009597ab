import { Button, Group, Paper, Select, Stack, Text, Textarea, Title } from '@mantine/core';
import { type FormEvent, useMemo, useState } from 'react';
import { useStaffList } from '../../api/staff.ts';
import { useSession } from '../../auth/session.tsx';
import { ErrorPanel } from '../../ui/error-panel.tsx';
import { useCustomerSearch } from '../customers/api.ts';
import { useCustomerCases, useGiveKudos } from './api.ts';

/** Recognise a colleague for work with a customer: who, for which customer, and what they did. */
export function GiveKudosForm() {
  const me = useSession();
  const staff = useStaffList();
  const give = useGiveKudos();
  const [toStaffId, setTo] = useState<string | null>(null);
  const [customerId, setCustomer] = useState<string | null>(null);
  const [customerLabel, setCustomerLabel] = useState('');
  const [search, setSearch] = useState('');
  const [message, setMessage] = useState('');
  const [caseId, setCaseId] = useState<string | null>(null);
  const cases = useCustomerCases(customerId);
  const found = useCustomerSearch({ query: search });
  const colleagues = (staff.data ?? [])
    .filter((s) => s.active && s.id !== me.id)
    .map((s) => ({ value: s.id, label: s.name }));
  // The picked customer stays an option whatever the search shows now.
  const customers = useMemo(() => {
    const list = (found.data?.pages.flatMap((p) => p.data) ?? [])
      .slice(0, 30)
      .map((c) => ({ value: c.id, label: c.name ?? c.emails[0] ?? c.id }));
    if (customerId && !list.some((o) => o.value === customerId))
      list.unshift({ value: customerId, label: customerLabel });
    return list;
  }, [found.data, customerId, customerLabel]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!toStaffId || !customerId) return;
    give.mutate(
      { toStaffId, customerId, message, ...(caseId ? { caseId } : {}) },
      {
        onSuccess: () => {
          setMessage('');
          setCustomer(null);
          setCaseId(null);
          setSearch('');
        },
      },
    );
  };
  return (
    <Paper withBorder p="md" component="form" onSubmit={submit} aria-label="Give kudos">
      <Stack gap="sm">
        <Title order={2} size="h4">
          Give kudos
        </Title>
        <Group align="flex-end" grow>
          <Select
            label="Colleague"
            data={colleagues}
            value={toStaffId}
            onChange={setTo}
            searchable
            required
          />
          <Select
            label="Customer"
            placeholder="Search by name or email"
            data={customers}
            value={customerId}
            searchable
            searchValue={search}
            onSearchChange={setSearch}
            filter={({ options }) => options}
            onChange={(v, o) => {
              setCustomer(v);
              setCaseId(null);
              setCustomerLabel(o?.label ?? '');
            }}
            required
          />
          <Select
            label="Case (optional)"
            placeholder={customerId ? 'No case' : 'Pick a customer first'}
            data={(cases.data ?? []).map((c) => ({ value: c.id, label: c.title }))}
            value={caseId}
            onChange={setCaseId}
            disabled={!customerId}
            clearable
          />
        </Group>
        <Textarea
          label="What they did"
          required
          value={message}
          maxLength={1000}
          onChange={(e) => setMessage(e.currentTarget.value)}
        />
        <Group>
          <Button
            type="submit"
            loading={give.isPending}
            disabled={!toStaffId || !customerId || !message.trim()}
          >
            Send kudos
          </Button>
          {give.isSuccess && <Text role="status">Kudos sent to {give.data.toName}</Text>}
        </Group>
        {give.isError && <ErrorPanel error={give.error} thing="kudos" />}
      </Stack>
    </Paper>
  );
}

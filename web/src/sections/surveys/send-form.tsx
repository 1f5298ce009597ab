import { Badge, Button, Group, MultiSelect, Paper, Stack, Table, Title } from '@mantine/core';
import { type FormEvent, useMemo, useState } from 'react';
import { useStaffById } from '../../api/staff.ts';
import type { Customer, Staff } from '../../api/types.ts';
import { ErrorPanel } from '../../ui/error-panel.tsx';
import { humanize, uuid } from '../../ui/format.ts';
import { useCustomerSearch } from '../customers/api.ts';
import { type Send, useSendOutcomes, useSendSurvey } from './api.ts';

/**
 * "Ana Silva · ana@example.com · owner Sam Lee": two customers of the same name are told apart by
 * their address and owner.
 */
const customerLabel = (c: Customer, staff: Map<string, Staff>): string => {
  const owner = c.ownerId ? staff.get(c.ownerId) : undefined;
  return [
    c.name ?? c.emails[0] ?? c.id,
    c.name ? (c.emails[0] ?? 'no email') : null,
    c.ownerId ? `owner ${owner?.name ?? owner?.email ?? 'another colleague'}` : 'no owner',
  ]
    .filter(Boolean)
    .join(' · ');
};

const outcomeColor: Record<Send['status'], string> = {
  pending: 'gray',
  sending: 'blue',
  sent: 'green',
  skipped: 'yellow',
  failed: 'red',
};

/** Pick customers by search, email them the survey; each one's outcome (sent, or skipped and why) follows. */
export function SendForm({ surveyId }: { surveyId: string }) {
  const [search, setSearch] = useState('');
  const [picked, setPicked] = useState<Map<string, Customer>>(new Map());
  const [sentTo, setSentTo] = useState<string[]>([]);
  const found = useCustomerSearch({ query: search });
  const send = useSendSurvey(surveyId);
  const [key, setKey] = useState(uuid);
  const outcomes = useSendOutcomes(surveyId, sentTo);

  const staff = useStaffById();
  // Every picked customer stays among the options whatever the search shows (an option missing
  // from the list would drop its pick); the search adds up to 50 more.
  const options = useMemo(() => {
    const all = new Map(picked);
    const more = (found.data?.pages.flatMap((p) => p.data) ?? [])
      .filter((c) => !picked.has(c.id))
      .slice(0, 50);
    for (const c of more) all.set(c.id, c);
    return [...all.values()].map((c) => ({ value: c.id, label: customerLabel(c, staff) }));
  }, [found.data, picked, staff]);
  const nameOf = (id: string) => {
    const c = picked.get(id);
    return c ? customerLabel(c, staff) : id;
  };

  const onChange = (ids: string[]) => {
    const all = new Map(picked);
    for (const c of found.data?.pages.flatMap((p) => p.data) ?? []) all.set(c.id, c);
    setPicked(new Map(ids.flatMap((id) => (all.get(id) ? [[id, all.get(id) as Customer] as const] : []))));
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const customerIds = [...picked.keys()];
    send.mutate(
      { customerIds, idempotencyKey: key },
      {
        onSuccess: () => {
          setSentTo(customerIds);
          setKey(uuid());
        },
      },
    );
  };

  return (
    <Paper withBorder radius="md" p="sm">
      <form onSubmit={submit} aria-label="Send the survey">
        <Stack gap="xs">
          <Title order={2} size="h4">
            Send by email
          </Title>
          <MultiSelect
            label="Customers"
            placeholder="Search by name, email or id"
            searchable
            searchValue={search}
            onSearchChange={setSearch}
            data={options}
            value={[...picked.keys()]}
            onChange={onChange}
            filter={({ options: o }) => o}
            nothingFoundMessage={search ? 'No customer matches' : undefined}
            maxValues={1000}
          />
          {send.isError && <ErrorPanel error={send.error} thing="survey" />}
          <Group>
            <Button type="submit" disabled={picked.size === 0} loading={send.isPending}>
              Send to {picked.size} customer{picked.size === 1 ? '' : 's'}
            </Button>
          </Group>
        </Stack>
      </form>
      {sentTo.length > 0 && (
        <Table aria-label="Send outcomes" mt="sm" verticalSpacing="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Customer</Table.Th>
              <Table.Th>Outcome</Table.Th>
              <Table.Th>Why</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {sentTo.map((cid) => {
              const s = outcomes.data?.find((x) => x.customerId === cid);
              return (
                <Table.Tr key={cid}>
                  <Table.Td>{nameOf(cid)}</Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={s ? outcomeColor[s.status] : 'gray'}>
                      {s ? humanize(s.status) : 'Queued'}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{s?.reason ?? ''}</Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      )}
    </Paper>
  );
}

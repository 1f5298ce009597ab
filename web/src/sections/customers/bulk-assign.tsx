import { Alert, Button, Group, Modal, Paper, Select, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { describeError } from '../../api/errors.ts';
import { useStaffList } from '../../api/staff.ts';
import { ASSIGN_ALL_MAX, type FilterQuery, useAssignOwner } from './api.ts';

const NOBODY = 'nobody';
const customers = (n: number) => `${n.toLocaleString()} customer${n === 1 ? '' : 's'}`;

/** What the bar acts on: the picked rows, or every customer the list's filters match. */
export type BulkTarget = { customerIds: string[] } | { filter: FilterQuery; count: number };

/**
 * Gives the selected customers one owner (or none) after a confirmation saying how many: a
 * manager's tool for handing a book of customers to a colleague. When every loaded row is
 * picked and the list has more, it offers to act on all customers matching the filters (the
 * server resolves the filter, so nothing depends on how many rows were loaded).
 */
export function BulkAssignBar({
  target,
  onDone,
  allMatching,
}: {
  target: BulkTarget;
  onDone: () => void;
  /** Offered when all loaded rows are picked but more match: the true total and a way to pick them. */
  allMatching?: { total: number; select: () => void };
}) {
  const staff = useStaffList();
  const assign = useAssignOwner();
  const [owner, setOwner] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const n = 'filter' in target ? target.count : target.customerIds.length;
  const ownerName =
    owner === NOBODY ? null : (staff.data?.find((s) => s.id === owner)?.name ?? 'this colleague');

  const submit = () =>
    assign.mutate(
      {
        ...('filter' in target ? { filter: target.filter } : { customerIds: target.customerIds }),
        ownerId: owner === NOBODY ? null : owner,
      },
      {
        onSuccess: ({ updated, unchanged }) => {
          setConfirming(false);
          onDone();
          const already = unchanged
            ? ` ${customers(unchanged)} already had ${ownerName ? 'them' : 'no owner'}.`
            : '';
          notifications.show({
            color: 'green',
            title: 'Owner assigned',
            message: ownerName
              ? `${ownerName} now owns ${customers(updated)} more.${already}`
              : `${customers(updated)} no longer ${updated === 1 ? 'has' : 'have'} an owner.${already}`,
          });
        },
      },
    );

  return (
    <Paper withBorder p="sm" radius="md" component="section" aria-label="Bulk actions">
      <Group align="flex-end" gap="sm" wrap="wrap">
        <Text fw={600} role="status" aria-live="polite" pb={6}>
          {'filter' in target ? `All ${customers(n)} matching selected` : `${customers(n)} selected`}
        </Text>
        {allMatching &&
          (allMatching.total <= ASSIGN_ALL_MAX ? (
            <Button variant="light" onClick={allMatching.select}>
              Select all {customers(allMatching.total)} matching
            </Button>
          ) : (
            <Text size="sm" c="dimmed" pb={6}>
              {allMatching.total.toLocaleString()} match: narrow the filters to act on them all (up to{' '}
              {ASSIGN_ALL_MAX.toLocaleString()} at a time)
            </Text>
          ))}
        <Select
          label="New owner"
          placeholder="Pick a colleague"
          data={[
            { value: NOBODY, label: 'Nobody (remove the owner)' },
            ...(staff.data ?? []).filter((s) => s.active).map((s) => ({ value: s.id, label: s.name })),
          ]}
          value={owner}
          onChange={setOwner}
          searchable
          w={240}
        />
        <Button
          onClick={() => {
            assign.reset();
            setConfirming(true);
          }}
          disabled={!owner}
        >
          Assign owner
        </Button>
        <Button variant="subtle" onClick={onDone}>
          Clear selection
        </Button>
      </Group>
      <Modal opened={confirming} onClose={() => setConfirming(false)} title="Assign owner?">
        <Stack>
          <Text>
            {ownerName
              ? `Make ${ownerName} the owner of ${customers(n)}?`
              : `Remove the owner of ${customers(n)}?`}{' '}
            Each change is noted on the customer's timeline.
          </Text>
          {assign.error && (
            <Alert color="red" role="alert" title="No owner was changed">
              {describeError(assign.error, { thing: 'customer' })}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(false)}>
              Cancel
            </Button>
            <Button loading={assign.isPending} onClick={submit}>
              Assign {customers(n)}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Paper>
  );
}

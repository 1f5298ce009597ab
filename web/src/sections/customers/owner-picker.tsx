import { Button, Group, Select } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { describeError } from '../../api/errors.ts';
import { useStaffList } from '../../api/staff.ts';
import type { Customer360 } from '../../api/types.ts';
import { useSession } from '../../auth/session.tsx';
import { useUpdateCustomer } from './api.ts';

/** The customer's personal rep; changing it lands on the timeline like any other detail. */
export function OwnerPicker({ customer }: { customer: Customer360 }) {
  const me = useSession();
  const staff = useStaffList();
  const update = useUpdateCustomer(customer.id);
  const assign = (ownerId: string | null) =>
    update.mutate(
      { ownerId },
      {
        onError: (err) =>
          notifications.show({ color: 'red', title: 'Owner not changed', message: describeError(err) }),
      },
    );
  return (
    <Group gap="xs" align="flex-end" wrap="nowrap">
      <Select
        label="Owner"
        placeholder="Nobody yet"
        data={(staff.data ?? []).filter((s) => s.active).map((s) => ({ value: s.id, label: s.name }))}
        value={customer.ownerId}
        onChange={assign}
        searchable
        clearable
        disabled={update.isPending}
        w={200}
      />
      {customer.ownerId !== me.id && (
        <Button variant="default" onClick={() => assign(me.id)} loading={update.isPending}>
          Assign to me
        </Button>
      )}
    </Group>
  );
}

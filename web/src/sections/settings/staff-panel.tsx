import {
  Alert,
  Badge,
  Button,
  Group,
  Modal,
  Paper,
  PasswordInput,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import { api, data } from '../../api/client.ts';
import { describeError } from '../../api/errors.ts';
import { staffKey, useStaffList } from '../../api/staff.ts';
import { type NewStaff, type Role, roles } from '../../api/types.ts';
import { ErrorPanel } from '../../ui/error-panel.tsx';
import { humanize } from '../../ui/format.ts';
import { MIN_PASSWORD, randomPassword, StaffActions } from './staff-actions.tsx';

const roleHelp: Record<Role, string> = {
  admin: 'Everything, including staff, API keys and settings',
  manager: 'Customers, and later: team dashboards, rules and playbooks',
  agent: 'Customers: the 360, logging touchpoints, editing details',
};

function AddStaffForm({ onDone }: { onDone: () => void }) {
  const qc = useQueryClient();
  const zones = useMemo(() => Intl.supportedValuesOf('timeZone'), []);
  const form = useForm<{ email: string; name: string; role: Role; timeZone: string; password: string }>({
    initialValues: {
      email: '',
      name: '',
      role: 'agent',
      timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
      password: '',
    },
    validate: {
      email: (v) => (/^\S+@\S+\.\S+$/.test(v.trim()) ? null : 'Enter a valid email address'),
      password: (v) => (v.length >= MIN_PASSWORD ? null : `At least ${MIN_PASSWORD} characters`),
    },
  });
  const create = useMutation({
    mutationFn: (body: NewStaff) => data(api.POST('/api/v1/staff', { body })),
    onSuccess: async (s) => {
      await qc.invalidateQueries({ queryKey: staffKey });
      notifications.show({ color: 'green', message: `${s.name} can now sign in as ${s.email}.` });
      onDone();
    },
  });
  return (
    <form
      onSubmit={form.onSubmit((v) =>
        create.mutate({
          email: v.email.trim(),
          name: v.name.trim() || undefined,
          role: v.role,
          timeZone: v.timeZone || undefined,
          password: v.password,
        }),
      )}
    >
      <Stack>
        <TextInput label="Email" type="email" required data-autofocus {...form.getInputProps('email')} />
        <TextInput
          label="Name"
          placeholder="As colleagues and customers know them"
          {...form.getInputProps('name')}
        />
        <Select
          label="Role"
          required
          allowDeselect={false}
          data={roles.map((r) => ({ value: r, label: humanize(r) }))}
          description={roleHelp[form.values.role]}
          {...form.getInputProps('role')}
        />
        <Select label="Time zone" data={zones} searchable limit={50} {...form.getInputProps('timeZone')} />
        <Group align="flex-end" gap="xs" wrap="nowrap">
          <PasswordInput
            label="First password"
            description="Share it safely; they should change it soon."
            required
            style={{ flex: 1 }}
            {...form.getInputProps('password')}
          />
          <Button variant="default" onClick={() => form.setFieldValue('password', randomPassword())}>
            Generate
          </Button>
        </Group>
        {create.error && (
          <Alert color="red" role="alert" title="Not created">
            {describeError(create.error)}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={create.isPending}>
            Add staff member
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function StaffPanel() {
  const staff = useStaffList();
  const [opened, { open, close }] = useDisclosure();
  if (staff.isError) return <ErrorPanel error={staff.error} onRetry={() => staff.refetch()} />;
  return (
    <Stack>
      <Group justify="space-between">
        <Text c="dimmed" size="sm">
          People who sign in to Tenure and what their role lets them do.
        </Text>
        <Button onClick={open}>Add staff member</Button>
      </Group>
      <Paper withBorder radius="md">
        <Table.ScrollContainer minWidth={600}>
          <Table verticalSpacing="xs" aria-label="Staff">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Email</Table.Th>
                <Table.Th>Role</Table.Th>
                <Table.Th>Time zone</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>
                  <span className="sr-only">Actions</span>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(staff.data ?? []).map((s) => (
                <Table.Tr key={s.id}>
                  <Table.Td fw={600}>{s.name}</Table.Td>
                  <Table.Td>{s.email}</Table.Td>
                  <Table.Td>
                    <Badge
                      variant="light"
                      color={s.role === 'admin' ? 'grape' : s.role === 'manager' ? 'blue' : 'gray'}
                    >
                      {humanize(s.role)}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{s.timeZone}</Table.Td>
                  <Table.Td>{s.active ? 'Active' : 'Deactivated'}</Table.Td>
                  <Table.Td ta="right">
                    <StaffActions person={s} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Paper>
      <Modal opened={opened} onClose={close} title="Add a staff member" size="md">
        <AddStaffForm onDone={close} />
      </Modal>
    </Stack>
  );
}

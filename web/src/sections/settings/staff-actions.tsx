import {
  Alert,
  Button,
  Checkbox,
  Group,
  Menu,
  Modal,
  PasswordInput,
  Select,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, data } from '../../api/client.ts';
import { describeError } from '../../api/errors.ts';
import { staffKey, useStaffList } from '../../api/staff.ts';
import { type Role, roles, type Staff } from '../../api/types.ts';
import { useSession } from '../../auth/session.tsx';
import { humanize } from '../../ui/format.ts';

export const MIN_PASSWORD = 10;

export function randomPassword(): string {
  const alphabet = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  return [...crypto.getRandomValues(new Uint8Array(16))].map((b) => alphabet[b % alphabet.length]).join('');
}

type Action = 'role' | 'password' | 'deactivate';

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

function Failure({ error, title }: { error: Error | null; title: string }) {
  if (!error) return null;
  return (
    <Alert color="red" role="alert" title={title}>
      {describeError(error)}
    </Alert>
  );
}

function RoleForm({ person, onDone }: { person: Staff; onDone: () => void }) {
  const qc = useQueryClient();
  const [role, setRole] = useState<Role>(person.role);
  const save = useMutation({
    mutationFn: () =>
      data(api.PATCH('/api/v1/staff/{id}', { params: { path: { id: person.id } }, body: { role } })),
    onSuccess: async (s) => {
      await qc.invalidateQueries({ queryKey: staffKey });
      notifications.show({ color: 'green', message: `${s.name} is now ${humanize(s.role).toLowerCase()}.` });
      onDone();
    },
  });
  return (
    <Stack>
      <Select
        label="Role"
        allowDeselect={false}
        data={roles.map((r) => ({ value: r, label: humanize(r) }))}
        value={role}
        onChange={(v) => v && setRole(v as Role)}
        description="Takes effect on their next click; they stay signed in."
      />
      <Failure error={save.error} title="Role not changed" />
      <Group justify="flex-end">
        <Button variant="default" onClick={onDone}>
          Cancel
        </Button>
        <Button onClick={() => save.mutate()} loading={save.isPending} disabled={role === person.role}>
          Change role
        </Button>
      </Group>
    </Stack>
  );
}

function PasswordForm({ person, onDone }: { person: Staff; onDone: () => void }) {
  const [password, setPassword] = useState('');
  const reset = useMutation({
    mutationFn: () =>
      api.POST('/api/v1/staff/{id}/password', { params: { path: { id: person.id } }, body: { password } }),
    onSuccess: () => {
      notifications.show({
        color: 'green',
        message: `New password set for ${person.name}; they were signed out everywhere.`,
      });
      onDone();
    },
  });
  const tooShort = password.length < MIN_PASSWORD;
  return (
    <Stack>
      <Group align="flex-end" gap="xs" wrap="nowrap">
        <PasswordInput
          label="New password"
          description={`At least ${MIN_PASSWORD} characters. Share it safely; they should change it soon.`}
          required
          style={{ flex: 1 }}
          value={password}
          onChange={(e) => setPassword(e.currentTarget.value)}
          data-autofocus
        />
        <Button variant="default" onClick={() => setPassword(randomPassword())}>
          Generate
        </Button>
      </Group>
      <Failure error={reset.error} title="Password not reset" />
      <Group justify="flex-end">
        <Button variant="default" onClick={onDone}>
          Cancel
        </Button>
        <Button onClick={() => reset.mutate()} loading={reset.isPending} disabled={tooShort}>
          Reset password
        </Button>
      </Group>
    </Stack>
  );
}

function DeactivateForm({ person, onDone }: { person: Staff; onDone: () => void }) {
  const qc = useQueryClient();
  const staff = useStaffList();
  const [handOverTo, setHandOverTo] = useState<string | null>(null);
  const [revokeApiKeys, setRevokeApiKeys] = useState(false);
  const [reason, setReason] = useState('');
  const colleagues = (staff.data ?? []).filter((s) => s.active && s.id !== person.id);
  const deactivate = useMutation({
    mutationFn: () =>
      data(
        api.POST('/api/v1/staff/{id}/deactivate', {
          params: { path: { id: person.id } },
          body: { handOverTo: handOverTo as string, revokeApiKeys, reason: reason.trim() || undefined },
        }),
      ),
    onSuccess: async (r) => {
      await qc.invalidateQueries({ queryKey: staffKey });
      const to = colleagues.find((c) => c.id === handOverTo)?.name ?? 'their colleague';
      const moved = r.handedOver;
      const kept = r.apiKeys.filter((k) => !k.revoked).length;
      notifications.show({
        color: 'green',
        title: `${person.name} is deactivated`,
        message:
          `${plural(moved.customers ?? 0, 'customer')} and ${plural(moved.cases ?? 0, 'open case')} went to ${to}.` +
          (kept ? ` ${plural(kept, 'API key')} they created still work; review them under API keys.` : ''),
      });
      onDone();
    },
  });
  return (
    <Stack>
      <Text size="sm">
        {person.name} is signed out everywhere at once and can no longer sign in. You can reactivate them
        later.
      </Text>
      <Select
        label="Hand their customers and open cases to"
        required
        searchable
        data={colleagues.map((c) => ({ value: c.id, label: `${c.name} (${humanize(c.role)})` }))}
        value={handOverTo}
        onChange={setHandOverTo}
      />
      <TextInput
        label="Reason"
        placeholder="Shown on the handed-over cases"
        maxLength={500}
        value={reason}
        onChange={(e) => setReason(e.currentTarget.value)}
      />
      <Checkbox
        label="Also revoke the API keys they created"
        description="Leave unticked to keep integrations running; review the keys under API keys."
        checked={revokeApiKeys}
        onChange={(e) => setRevokeApiKeys(e.currentTarget.checked)}
      />
      <Failure error={deactivate.error} title="Not deactivated" />
      <Group justify="flex-end">
        <Button variant="default" onClick={onDone}>
          Cancel
        </Button>
        <Button
          color="red"
          onClick={() => deactivate.mutate()}
          loading={deactivate.isPending}
          disabled={!handOverTo}
        >
          Deactivate
        </Button>
      </Group>
    </Stack>
  );
}

const titles: Record<Action, (name: string) => string> = {
  role: (n) => `Change ${n}'s role`,
  password: (n) => `Reset ${n}'s password`,
  deactivate: (n) => `Deactivate ${n}`,
};

/** The per-person menu of the staff table: role, password, deactivate or reactivate. */
export function StaffActions({ person }: { person: Staff }) {
  const me = useSession();
  const qc = useQueryClient();
  const [action, setAction] = useState<Action | null>(null);
  const close = () => setAction(null);
  const reactivate = useMutation({
    mutationFn: () =>
      data(api.POST('/api/v1/staff/{id}/reactivate', { params: { path: { id: person.id } } })),
    onSuccess: async (s) => {
      await qc.invalidateQueries({ queryKey: staffKey });
      notifications.show({ color: 'green', message: `${s.name} can sign in again.` });
    },
    onError: (e) => notifications.show({ color: 'red', message: describeError(e) }),
  });
  const self = person.id === me.id;
  return (
    <>
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <Button variant="subtle" size="compact-sm" aria-label={`Actions for ${person.name}`}>
            Manage
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item onClick={() => setAction('role')} disabled={!person.active}>
            Change role
          </Menu.Item>
          <Menu.Item onClick={() => setAction('password')}>Reset password</Menu.Item>
          {person.active ? (
            <Menu.Item color="red" onClick={() => setAction('deactivate')} disabled={self}>
              Deactivate
            </Menu.Item>
          ) : (
            <Menu.Item onClick={() => reactivate.mutate()}>Reactivate</Menu.Item>
          )}
        </Menu.Dropdown>
      </Menu>
      <Modal
        opened={action !== null}
        onClose={close}
        title={action ? titles[action](person.name) : ''}
        size="md"
      >
        {action === 'role' && <RoleForm person={person} onDone={close} />}
        {action === 'password' && <PasswordForm person={person} onDone={close} />}
        {action === 'deactivate' && <DeactivateForm person={person} onDone={close} />}
      </Modal>
    </>
  );
}

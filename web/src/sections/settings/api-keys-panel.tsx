import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Code,
  CopyButton,
  Group,
  Modal,
  Paper,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, data } from '../../api/client.ts';
import { describeError } from '../../api/errors.ts';
import { type ApiKey, type Scope, scopes } from '../../api/types.ts';
import { ErrorPanel } from '../../ui/error-panel.tsx';
import { formatDate, formatRelative } from '../../ui/format.ts';

const keysKey = ['api-keys'] as const;
const scopeHelp: Record<Scope, string> = {
  read: 'Read customers and timelines',
  write: 'Change customer details, log touchpoints',
  ingest: 'Send events (batch API, Segment, imports)',
  admin: 'Everything, including staff and keys',
};

function CreateKeyForm({ onCreated }: { onCreated: (key: string) => void }) {
  const qc = useQueryClient();
  const form = useForm<{ name: string; scopes: Scope[] }>({
    initialValues: { name: '', scopes: ['ingest'] },
    validate: {
      name: (v) => (v.trim() ? null : 'Name the key after what will use it, e.g. "web shop"'),
      scopes: (v) => (v.length ? null : 'Pick at least one permission'),
    },
  });
  const create = useMutation({
    mutationFn: (body: { name: string; scopes: Scope[] }) => data(api.POST('/api/v1/api-keys', { body })),
    onSuccess: async (r) => {
      await qc.invalidateQueries({ queryKey: keysKey });
      onCreated(r.key);
    },
  });
  return (
    <form onSubmit={form.onSubmit((v) => create.mutate({ name: v.name.trim(), scopes: v.scopes }))}>
      <Stack>
        <TextInput label="Name" required data-autofocus {...form.getInputProps('name')} />
        <Checkbox.Group label="Permissions" required {...form.getInputProps('scopes')}>
          <Stack gap={6} mt={6}>
            {scopes.map((s) => (
              <Checkbox key={s} value={s} label={`${s}: ${scopeHelp[s]}`} />
            ))}
          </Stack>
        </Checkbox.Group>
        {create.error && (
          <Alert color="red" role="alert" title="Not created">
            {describeError(create.error)}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button type="submit" loading={create.isPending}>
            Create key
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function ShowKeyOnce({ secret, onClose }: { secret: string; onClose: () => void }) {
  return (
    <Stack>
      <Alert color="yellow" title="Copy it now">
        This is the only time the key is shown. Tenure stores only a hash of it.
      </Alert>
      <Code block aria-label="The new API key" style={{ wordBreak: 'break-all' }}>
        {secret}
      </Code>
      <Group justify="flex-end">
        <CopyButton value={secret}>
          {({ copied, copy }) => (
            <Button color={copied ? 'teal' : undefined} onClick={copy}>
              {copied ? 'Copied' : 'Copy key'}
            </Button>
          )}
        </CopyButton>
        <Button variant="default" onClick={onClose}>
          Done
        </Button>
      </Group>
    </Stack>
  );
}

export function ApiKeysPanel() {
  const qc = useQueryClient();
  const keys = useQuery({
    queryKey: keysKey,
    queryFn: async (): Promise<ApiKey[]> => (await data(api.GET('/api/v1/api-keys'))).data,
  });
  const [opened, { open, close }] = useDisclosure();
  const [secret, setSecret] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<ApiKey | null>(null);
  const revoke = useMutation({
    mutationFn: (id: string) => data(api.DELETE('/api/v1/api-keys/{id}', { params: { path: { id } } })),
    onSuccess: async (k) => {
      await qc.invalidateQueries({ queryKey: keysKey });
      notifications.show({
        color: 'green',
        message: `Key "${k.name}" revoked. It stops working within seconds.`,
      });
      setConfirming(null);
    },
    onError: (err) => notifications.show({ color: 'red', title: 'Not revoked', message: describeError(err) }),
  });
  const closeModal = () => {
    close();
    setSecret(null);
  };

  if (keys.isError) return <ErrorPanel error={keys.error} onRetry={() => keys.refetch()} />;
  return (
    <Stack>
      <Group justify="space-between">
        <Text c="dimmed" size="sm">
          Keys let other systems send events and read customers, as{' '}
          <code>Authorization: Bearer &lt;key&gt;</code>.
        </Text>
        <Button onClick={open}>Create API key</Button>
      </Group>
      <Paper withBorder radius="md">
        <Table.ScrollContainer minWidth={700}>
          <Table verticalSpacing="xs" aria-label="API keys">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Key starts with</Table.Th>
                <Table.Th>Permissions</Table.Th>
                <Table.Th>Created</Table.Th>
                <Table.Th>Last used</Table.Th>
                <Table.Th>
                  <span className="sr-only">Actions</span>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(keys.data ?? []).length === 0 && !keys.isPending && (
                <Table.Tr>
                  <Table.Td colSpan={6}>
                    <Text c="dimmed" size="sm">
                      No API keys yet.
                    </Text>
                  </Table.Td>
                </Table.Tr>
              )}
              {(keys.data ?? []).map((k) => (
                <Table.Tr key={k.id} c={k.revokedAt ? 'dimmed' : undefined}>
                  <Table.Td fw={600}>{k.name}</Table.Td>
                  <Table.Td>
                    <Code>{k.prefix}…</Code>
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      {k.scopes.map((s) => (
                        <Badge key={s} variant="light" size="sm" color={s === 'admin' ? 'red' : 'blue'}>
                          {s}
                        </Badge>
                      ))}
                    </Group>
                  </Table.Td>
                  <Table.Td>{formatDate(k.createdAt)}</Table.Td>
                  <Table.Td>{k.lastUsedAt ? formatRelative(k.lastUsedAt) : 'Never'}</Table.Td>
                  <Table.Td>
                    {k.revokedAt ? (
                      <Text size="sm">Revoked {formatDate(k.revokedAt)}</Text>
                    ) : (
                      <Button size="xs" color="red" variant="light" onClick={() => setConfirming(k)}>
                        Revoke
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Paper>

      <Modal opened={opened} onClose={closeModal} title={secret ? 'Your new API key' : 'Create an API key'}>
        {secret ? (
          <ShowKeyOnce secret={secret} onClose={closeModal} />
        ) : (
          <CreateKeyForm onCreated={setSecret} />
        )}
      </Modal>
      <Modal opened={!!confirming} onClose={() => setConfirming(null)} title="Revoke this key?">
        <Stack>
          <Text>
            Anything using <strong>{confirming?.name}</strong> will stop working. This cannot be undone.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(null)}>
              Keep it
            </Button>
            <Button
              color="red"
              loading={revoke.isPending}
              onClick={() => confirming && revoke.mutate(confirming.id)}
            >
              Revoke key
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}

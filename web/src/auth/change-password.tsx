import { Alert, Button, Group, Modal, PasswordInput, Stack } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../api/client.ts';
import { describeError } from '../api/errors.ts';

const MIN_PASSWORD = 10;

function ChangePasswordForm({ onDone }: { onDone: () => void }) {
  const [currentPassword, setCurrent] = useState('');
  const [newPassword, setNew] = useState('');
  const [repeat, setRepeat] = useState('');
  const change = useMutation({
    mutationFn: () => api.POST('/api/auth/password', { body: { currentPassword, newPassword } }),
    onSuccess: () => {
      notifications.show({
        color: 'green',
        message: 'Password changed. You stay signed in here; other devices were signed out.',
      });
      onDone();
    },
  });
  const newError =
    newPassword && newPassword.length < MIN_PASSWORD ? `At least ${MIN_PASSWORD} characters` : null;
  const repeatError = repeat && repeat !== newPassword ? 'Does not match the new password' : null;
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        change.mutate();
      }}
    >
      <Stack>
        <PasswordInput
          label="Current password"
          required
          data-autofocus
          autoComplete="current-password"
          value={currentPassword}
          onChange={(e) => setCurrent(e.currentTarget.value)}
        />
        <PasswordInput
          label="New password"
          required
          autoComplete="new-password"
          error={newError}
          value={newPassword}
          onChange={(e) => setNew(e.currentTarget.value)}
        />
        <PasswordInput
          label="Repeat the new password"
          required
          autoComplete="new-password"
          error={repeatError}
          value={repeat}
          onChange={(e) => setRepeat(e.currentTarget.value)}
        />
        {change.error && (
          <Alert color="red" role="alert" title="Password not changed">
            {describeError(change.error)}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button
            type="submit"
            loading={change.isPending}
            disabled={!currentPassword || !newPassword || !!newError || repeat !== newPassword}
          >
            Change password
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function ChangePasswordModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  return (
    <Modal opened={opened} onClose={onClose} title="Change your password" size="md">
      <ChangePasswordForm onDone={onClose} />
    </Modal>
  );
}

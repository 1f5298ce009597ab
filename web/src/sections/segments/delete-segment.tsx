import { Button, Group, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { describeError } from '../../api/errors.ts';
import { useDeleteSegment } from './api.ts';

/**
 * Delete, asked twice in place: a segment others may use (a campaign, a call list) is gone for
 * good. What used it finds out by its id no longer existing.
 */
export function DeleteSegment({ id, name, onDeleted }: { id: string; name: string; onDeleted: () => void }) {
  const [asking, setAsking] = useState(false);
  const remove = useDeleteSegment();
  if (!asking)
    return (
      <Button variant="subtle" color="red" onClick={() => setAsking(true)}>
        Delete segment
      </Button>
    );
  return (
    <Group gap="xs" role="alert">
      <Text size="sm">Delete “{name}” for everyone?</Text>
      <Button
        color="red"
        size="compact-sm"
        loading={remove.isPending}
        onClick={() =>
          remove.mutate(id, {
            onSuccess: () => {
              notifications.show({ color: 'green', message: `“${name}” is deleted.` });
              onDeleted();
            },
            onError: (err) =>
              notifications.show({
                color: 'red',
                title: 'Not deleted',
                message: describeError(err, { thing: 'segment' }),
              }),
          })
        }
      >
        Delete
      </Button>
      <Button variant="default" size="compact-sm" onClick={() => setAsking(false)}>
        Keep it
      </Button>
    </Group>
  );
}

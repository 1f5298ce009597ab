import { Button, Group, Select, Stack, Text, Textarea } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { describeError } from '../../api/errors.ts';
import { useStaffById } from '../../api/staff.ts';
import type { Channel, Task } from '../../api/types.ts';
import { formatDateTime, formatRelative } from '../../ui/format.ts';
import { useCustomerTasks, useKeepPromise } from './work-api.ts';

const keptBy: { value: Channel; label: string }[] = [
  { value: 'phone', label: 'I called them' },
  { value: 'email', label: 'I emailed them' },
  { value: 'system', label: 'Done, no contact needed' },
];

function KeepForm({ task, onDone }: { task: Task; onDone: () => void }) {
  const keep = useKeepPromise(task.customerId);
  const [note, setNote] = useState('');
  const [channel, setChannel] = useState<Channel>('phone');
  const [missing, setMissing] = useState(false);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!note.trim()) return setMissing(true);
    keep.mutate({ taskId: task.id, note: note.trim(), channel }, { onSuccess: onDone });
  };
  return (
    <form onSubmit={submit} onKeyDown={(e) => e.key === 'Escape' && onDone()}>
      <Stack gap={6} mt={4}>
        <Textarea
          label="What did you do?"
          autosize
          minRows={2}
          value={note}
          onChange={(e) => {
            setNote(e.currentTarget.value);
            setMissing(false);
          }}
          error={missing ? 'Say in a line how the promise was kept' : undefined}
          autoFocus
        />
        <Select
          label="How"
          data={keptBy}
          value={channel}
          onChange={(v) => v && setChannel(v as Channel)}
          allowDeselect={false}
        />
        {keep.error && (
          <Text size="sm" c="red.9" role="alert">
            {describeError(keep.error)}
          </Text>
        )}
        <Group gap="xs">
          <Button type="submit" size="xs" loading={keep.isPending}>
            Mark kept
          </Button>
          <Button size="xs" variant="default" onClick={onDone}>
            Cancel
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Promises made to the customer and not yet kept, oldest due first: say where each stands. */
export function OpenPromises({ customerId }: { customerId: string }) {
  const tasks = useCustomerTasks(customerId);
  const staffById = useStaffById();
  const [keeping, setKeeping] = useState<string | null>(null);
  const promises = (tasks.data ?? []).filter((t) => t.type === 'promise');
  return (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600} id="promises-heading">
        Open promises
      </Text>
      {promises.length === 0 ? (
        <Text size="sm" c="dimmed">
          {tasks.isPending ? 'Loading…' : 'No promises waiting.'}
        </Text>
      ) : (
        <Stack
          gap={6}
          component="ul"
          aria-labelledby="promises-heading"
          style={{ listStyle: 'none', padding: 0, margin: 0 }}
        >
          {promises.map((p) => {
            const late = new Date(p.dueAt).getTime() < Date.now();
            return (
              <li key={p.id}>
                <Group justify="space-between" wrap="nowrap" align="flex-start" gap="xs">
                  <div style={{ minWidth: 0 }}>
                    <Text size="sm" fw={600}>
                      {p.title}
                    </Text>
                    <Text size="xs" c={late ? 'red.8' : 'dimmed'} title={formatDateTime(p.dueAt)}>
                      {late ? 'was due' : 'due'} {formatRelative(p.dueAt)}
                      {p.assigneeId ? ` · ${staffById.get(p.assigneeId)?.name ?? 'a colleague'}` : ''}
                    </Text>
                  </div>
                  {keeping !== p.id && (
                    <Button
                      size="compact-xs"
                      variant="light"
                      onClick={() => setKeeping(p.id)}
                      aria-label={`Mark kept: ${p.title}`}
                    >
                      Kept
                    </Button>
                  )}
                </Group>
                {keeping === p.id && <KeepForm task={p} onDone={() => setKeeping(null)} />}
              </li>
            );
          })}
        </Stack>
      )}
    </div>
  );
}

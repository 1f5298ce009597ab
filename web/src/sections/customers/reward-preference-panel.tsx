import { Badge, Button, Chip, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { ErrorPanel } from '../../ui/error-panel.tsx';
import { formatDate } from '../../ui/format.ts';
import {
  type CustomerChoice,
  useCustomerRewardPreference,
  useRewardOptions,
  useSetCustomerRewardPreference,
} from '../team/api.ts';

/** Which rewards this customer values (up to three, most valued first), as a rep heard it. */
export function RewardPreferencePanel({ customerId }: { customerId: string }) {
  const options = useRewardOptions();
  const pref = useCustomerRewardPreference(customerId);
  const save = useSetCustomerRewardPreference(customerId);
  const [editing, setEditing] = useState(false);
  const [choices, setChoices] = useState<CustomerChoice[]>([]);
  const [note, setNote] = useState('');
  useEffect(() => {
    if (pref.data) {
      setChoices(pref.data.choices as CustomerChoice[]);
      setNote(pref.data.note ?? '');
    }
  }, [pref.data]);
  const labelOf = (id: string) => options.data?.customers.find((o) => o.id === id)?.label ?? id;
  const toggle = (id: CustomerChoice) =>
    setChoices((cs) => (cs.includes(id) ? cs.filter((c) => c !== id) : cs.length < 3 ? [...cs, id] : cs));
  const p = pref.data;
  return (
    <Paper withBorder p="md" component="section" aria-label="Reward preference">
      <Stack gap="xs">
        <Group justify="space-between">
          <Title order={4}>Rewards they value</Title>
          {!editing && (
            <Button size="xs" variant="subtle" onClick={() => setEditing(true)}>
              {p?.choices.length ? 'Change' : 'Ask and record'}
            </Button>
          )}
        </Group>
        {pref.isError && <ErrorPanel error={pref.error} thing="reward preference" />}
        {!editing && p && (
          <>
            {p.choices.length ? (
              <Group gap="xs">
                {p.choices.map((c) => (
                  <Badge key={c} variant="light">
                    {labelOf(c)}
                  </Badge>
                ))}
              </Group>
            ) : (
              <Text size="sm" c="dimmed">
                Not asked yet.
              </Text>
            )}
            {p.note && <Text size="sm">{p.note}</Text>}
            {p.updatedAt && (
              <Text size="xs" c="dimmed">
                {p.source === 'customer' ? 'Said by the customer' : 'Recorded by staff'} on{' '}
                {formatDate(p.updatedAt)}
              </Text>
            )}
          </>
        )}
        {editing && (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              save.mutate({ choices, note: note.trim() || null }, { onSuccess: () => setEditing(false) });
            }}
          >
            <Stack gap="xs">
              <Group gap="xs">
                {(options.data?.customers ?? []).map((o) => (
                  <Chip
                    key={o.id}
                    size="xs"
                    checked={choices.includes(o.id as CustomerChoice)}
                    onChange={() => toggle(o.id as CustomerChoice)}
                  >
                    {o.label}
                  </Chip>
                ))}
              </Group>
              <TextInput
                label="Note"
                value={note}
                maxLength={200}
                onChange={(e) => setNote(e.currentTarget.value)}
              />
              <Group>
                <Button type="submit" size="xs" disabled={!choices.length} loading={save.isPending}>
                  Save
                </Button>
                <Button size="xs" variant="subtle" onClick={() => setEditing(false)}>
                  Cancel
                </Button>
              </Group>
              {save.isError && <ErrorPanel error={save.error} thing="reward preference" />}
            </Stack>
          </form>
        )}
      </Stack>
    </Paper>
  );
}

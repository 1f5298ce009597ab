import { Badge, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { ErrorPanel } from '../../ui/error-panel.tsx';
import { QueryView } from '../../ui/query-view.tsx';
import { TriggerForm } from './trigger-form.tsx';
import { describeTrigger } from './trigger-words.ts';
import { type Trigger, useSaveTrigger, useTriggers } from './triggers-api.ts';

/**
 * "How are we doing?" after a transaction: the survey's triggers as sentences, each paused or
 * resumed with one click (PATCH active) or edited in place; new ones only while the survey is live.
 */
export function TriggersPanel({ surveyId, live }: { surveyId: string; live: boolean }) {
  const triggers = useTriggers(surveyId);
  const save = useSaveTrigger(surveyId);
  // 'new', a trigger's id, or nothing: one form open at a time.
  const [editing, setEditing] = useState<string | null>(null);
  const close = () => {
    setEditing(null);
    save.reset();
  };
  const toggle = useSaveTrigger(surveyId);
  return (
    <Paper withBorder radius="md" p="sm" component="section" aria-labelledby="triggers-title">
      <Group justify="space-between" mb="xs">
        <div>
          <Title order={2} size="h4" id="triggers-title">
            Triggers
          </Title>
          <Text size="sm" c="dimmed">
            Send this survey by email a while after a purchase, a closed ticket or a visit. Each customer’s
            survey budget still applies.
          </Text>
        </div>
        {live && editing === null && (
          <Button variant="light" onClick={() => setEditing('new')}>
            Add a trigger
          </Button>
        )}
      </Group>
      {editing === 'new' && (
        <Paper withBorder p="sm" radius="md" mb="sm">
          <TriggerForm
            label="New trigger"
            submitLabel="Add trigger"
            pending={save.isPending}
            error={save.error}
            onSubmit={(body) => save.mutate({ body }, { onSuccess: close })}
            onCancel={close}
          />
        </Paper>
      )}
      {toggle.isError && <ErrorPanel error={toggle.error} thing="trigger" />}
      <QueryView
        query={triggers}
        thing="survey"
        loading="Loading triggers"
        isEmpty={(d) => d.length === 0}
        empty="No triggers: this survey goes out only when someone sends it."
      >
        {(d) => (
          <Stack gap="xs" component="ul" p={0} m={0} aria-label="Triggers of this survey">
            {d.map((t, i) =>
              editing === t.id ? (
                <li key={t.id} style={{ listStyle: 'none' }}>
                  <Paper withBorder p="sm" radius="md">
                    <TriggerForm
                      initial={t}
                      label={`Edit trigger ${i + 1}`}
                      submitLabel="Save trigger"
                      pending={save.isPending}
                      error={save.error}
                      onSubmit={(body) => save.mutate({ triggerId: t.id, body }, { onSuccess: close })}
                      onCancel={close}
                    />
                  </Paper>
                </li>
              ) : (
                <TriggerRow
                  key={t.id}
                  t={t}
                  n={i + 1}
                  busy={toggle.isPending && toggle.variables?.triggerId === t.id}
                  onToggle={() => toggle.mutate({ triggerId: t.id, body: { active: !t.active } })}
                  onEdit={live && editing === null ? () => setEditing(t.id) : undefined}
                />
              ),
            )}
          </Stack>
        )}
      </QueryView>
    </Paper>
  );
}

function TriggerRow({
  t,
  n,
  busy,
  onToggle,
  onEdit,
}: {
  t: Trigger;
  n: number;
  busy: boolean;
  onToggle: () => void;
  onEdit?: () => void;
}) {
  return (
    <Group component="li" justify="space-between" wrap="nowrap" gap="sm" style={{ listStyle: 'none' }}>
      <Group gap="xs" wrap="nowrap" align="flex-start">
        <Badge variant="light" color={t.active ? 'green' : 'gray'} style={{ flexShrink: 0 }}>
          {t.active ? 'Active' : 'Paused'}
        </Badge>
        <Text size="sm" c={t.active ? undefined : 'dimmed'}>
          {describeTrigger(t)}
        </Text>
      </Group>
      <Group gap="xs" wrap="nowrap" style={{ flexShrink: 0 }}>
        <Button
          size="xs"
          variant="default"
          loading={busy}
          onClick={onToggle}
          aria-label={`${t.active ? 'Pause' : 'Resume'} trigger ${n}`}
        >
          {t.active ? 'Pause' : 'Resume'}
        </Button>
        {onEdit && (
          <Button size="xs" variant="subtle" onClick={onEdit} aria-label={`Edit trigger ${n}`}>
            Edit
          </Button>
        )}
      </Group>
    </Group>
  );
}

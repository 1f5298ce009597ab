import {
  Alert,
  Center,
  Checkbox,
  Grid,
  Group,
  Loader,
  MultiSelect,
  NumberInput,
  Paper,
  Radio,
  Select,
  Stack,
  Switch,
  TagsInput,
  Textarea,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type FormEvent, useRef, useState } from 'react';
import { useLocation, useParams } from 'wouter';
import { channels, severities } from '../../api/types.ts';
import { ErrorPanel } from '../../ui/error-panel.tsx';
import { humanize } from '../../ui/format.ts';
import { Page } from '../../ui/page.tsx';
import { SaveBar } from '../../ui/save-bar.tsx';
import { leaveWithoutAsking } from '../../ui/unsaved-changes.ts';
import { type NewRule, type Rule, usePlaybooks, useRule, useSaveRule } from './api.ts';
import { ConditionField, useConditionState } from './condition-field.tsx';
import { ConditionReference } from './condition-reference.tsx';
import { DryRunPanel } from './dry-run-panel.tsx';
import { NameAndKey } from './name-and-key.tsx';
import { RuleErrors } from './rule-errors.tsx';
import { commonKinds, describeSaveError, notifyChannels, notifyLabels } from './words.ts';

type Draft = Required<Omit<NewRule, 'playbookId'>> & { playbookId: string | null };

const emptyDraft: Draft = {
  key: '',
  name: '',
  description: '',
  enabled: true,
  trigger: 'event',
  eventKinds: [],
  eventChannels: [],
  condition: '',
  severity: 'medium',
  playbookId: null,
  notify: ['in-app', 'email', 'webhook'],
  cooldownDays: 30,
};

const fromRule = (r: Rule): Draft => ({
  key: r.key,
  name: r.name,
  description: r.description,
  enabled: r.enabled,
  trigger: r.trigger,
  eventKinds: r.eventKinds,
  eventChannels: r.eventChannels,
  condition: r.condition,
  severity: r.severity,
  playbookId: r.playbookId,
  notify: r.notify,
  cooldownDays: r.cooldownDays,
});

/** Create (/rules/new) or edit (/rules/:id) a red-flag rule, and try it on history before saving. */
export function RuleEditorPage() {
  const { id } = useParams<{ id?: string }>();
  const existing = useRule(id);
  if (id && existing.isError) return <ErrorPanel error={existing.error} thing="rule" />;
  if (id && !existing.data) {
    return (
      <Center p="lg">
        <Loader size="sm" aria-label="Loading the rule" />
      </Center>
    );
  }
  return (
    <RuleEditor
      id={id}
      initial={existing.data ? fromRule(existing.data) : emptyDraft}
      builtin={existing.data?.builtin}
      saved={existing.data}
    />
  );
}

function RuleEditor({
  id,
  initial,
  builtin,
  saved,
}: {
  id?: string;
  initial: Draft;
  builtin?: boolean;
  saved?: Rule;
}) {
  const [draft, setDraft] = useState<Draft>(initial);
  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));
  const condition = useConditionState(draft.trigger, draft.condition);
  const conditionRef = useRef<HTMLTextAreaElement>(null);
  const playbooks = usePlaybooks();
  const save = useSaveRule(id);
  const [, navigate] = useLocation();

  const submit = (e: FormEvent) => {
    e.preventDefault();
    // A condition known to be wrong is not sent: its problem is already under the field.
    if (condition.state === 'invalid' || condition.state === 'empty') {
      conditionRef.current?.focus();
      return;
    }
    save.mutate(
      {
        ...draft,
        name: draft.name.trim(),
        key: draft.key,
        eventKinds: draft.trigger === 'event' ? draft.eventKinds : [],
        eventChannels: draft.trigger === 'event' ? draft.eventChannels : [],
      },
      {
        onSuccess: (r) => {
          notifications.show({ color: 'green', message: `“${r.name}” is saved.` });
          leaveWithoutAsking(() => navigate('/rules'));
        },
      },
    );
  };

  const playbookOptions = (playbooks.data ?? []).map((p) => ({
    value: p.id,
    label: p.enabled ? p.name : `${p.name} (turned off)`,
  }));

  return (
    <Page title={id ? `Edit rule: ${initial.name}` : 'New rule'}>
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Paper withBorder radius="md" p="md">
            <form onSubmit={submit} aria-label="Rule">
              <Stack gap="sm">
                {saved && <RuleErrors rule={saved} />}
                <Group grow align="flex-start">
                  <NameAndKey
                    thing="rule"
                    nameDescription="Cases raised by this rule carry this name"
                    isNew={!id}
                    name={draft.name}
                    keyValue={draft.key}
                    onChange={set}
                  />
                </Group>
                <Textarea
                  label="Description"
                  autosize
                  maxLength={2000}
                  value={draft.description}
                  onChange={(e) => set({ description: e.currentTarget.value })}
                />
                <Radio.Group
                  label="When it looks"
                  value={draft.trigger}
                  onChange={(v) => set({ trigger: v as Draft['trigger'] })}
                >
                  <Group gap="lg" mt={6}>
                    <Radio value="event" label="When a touchpoint arrives" />
                    <Radio value="schedule" label="Every night, over active customers" />
                  </Group>
                </Radio.Group>
                {draft.trigger === 'event' ? (
                  <Group grow align="flex-start">
                    <TagsInput
                      label="Only these kinds"
                      description="None: every kind. Type a kind and press Enter."
                      data={commonKinds}
                      value={draft.eventKinds}
                      onChange={(eventKinds) => set({ eventKinds })}
                      maxTags={50}
                      clearable
                    />
                    <MultiSelect
                      label="Only these channels"
                      description="None: every channel"
                      data={channels.map((c) => ({ value: c, label: humanize(c) }))}
                      value={draft.eventChannels}
                      onChange={(eventChannels) => set({ eventChannels })}
                      clearable
                    />
                  </Group>
                ) : (
                  <NumberInput
                    label="Quiet period (days)"
                    description="After raising a flag for a customer, wait this long before raising it again"
                    min={0}
                    max={3650}
                    allowDecimal={false}
                    value={draft.cooldownDays}
                    onChange={(v) => set({ cooldownDays: typeof v === 'number' ? v : 0 })}
                  />
                )}
                <ConditionField
                  value={draft.condition}
                  onChange={(c) => set({ condition: c })}
                  condition={condition}
                  inputRef={conditionRef}
                />
                <Title order={2} size="h5" mt="xs">
                  When it matches
                </Title>
                <Group grow align="flex-start">
                  <Select
                    label="Severity"
                    description="Sets the case's priority and SLA"
                    data={[...severities].reverse().map((s) => ({ value: s, label: humanize(s) }))}
                    value={draft.severity}
                    allowDeselect={false}
                    onChange={(v) => v && set({ severity: v as Draft['severity'] })}
                  />
                  <Select
                    label="Playbook to start"
                    description="Its steps become the case's tasks"
                    placeholder={playbooks.isPending ? 'Loading playbooks…' : 'None'}
                    data={playbookOptions}
                    value={draft.playbookId}
                    clearable
                    onChange={(playbookId) => set({ playbookId })}
                  />
                </Group>
                <Checkbox.Group
                  label="Notify"
                  description="The person the case goes to, and webhook subscribers"
                  value={draft.notify}
                  onChange={(v) => set({ notify: v as Draft['notify'] })}
                >
                  <Group mt={6} gap="lg">
                    {notifyChannels.map((n) => (
                      <Checkbox key={n} value={n} label={notifyLabels[n]} />
                    ))}
                  </Group>
                </Checkbox.Group>
                <Switch
                  label="Enabled"
                  description={
                    builtin ? 'A shipped rule: it can be changed or turned off, not removed' : undefined
                  }
                  checked={draft.enabled}
                  onChange={(e) => set({ enabled: e.currentTarget.checked })}
                />
                {playbooks.isError && (
                  <Alert color="orange" title="Playbooks could not be loaded">
                    {describeSaveError(playbooks.error, 'playbook')}
                  </Alert>
                )}
                <SaveBar
                  error={save.isError ? describeSaveError(save.error, 'rule') : null}
                  errorTitle="The rule was not saved"
                  pending={save.isPending}
                  label={id ? 'Save changes' : 'Create rule'}
                  dirty={JSON.stringify(draft) !== JSON.stringify(initial)}
                  onCancel={() => navigate('/rules')}
                />
              </Stack>
            </form>
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack gap="md">
            <DryRunPanel draft={draft} conditionValid={condition.state === 'valid'} />
            <Paper withBorder radius="md" p="md">
              <ConditionReference />
            </Paper>
          </Stack>
        </Grid.Col>
      </Grid>
    </Page>
  );
}

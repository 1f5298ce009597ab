import {
  ActionIcon,
  Button,
  Center,
  Group,
  Loader,
  NumberInput,
  Paper,
  Select,
  Stack,
  Switch,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useLocation, useParams } from 'wouter';
import { ErrorPanel } from '../../ui/error-panel.tsx';
import { uuid } from '../../ui/format.ts';
import { IconX } from '../../ui/icons.tsx';
import { Page } from '../../ui/page.tsx';
import { SaveBar } from '../../ui/save-bar.tsx';
import { leaveWithoutAsking } from '../../ui/unsaved-changes.ts';
import {
  type NewPlaybook,
  type Playbook,
  type Step,
  type StepType,
  usePlaybook,
  useSavePlaybook,
} from './api.ts';
import { NameAndKey } from './name-and-key.tsx';
import { describeSaveError, formatHours, stepLabels, stepTypes } from './words.ts';

/** A step with a client-side id: React keys and focus follow a step when it moves. */
type DraftStep = Step & { uid: string };
type Draft = Required<Omit<NewPlaybook, 'steps'>> & { steps: DraftStep[] };

const newStep = (): DraftStep => ({ uid: uuid(), type: 'call', title: '', dueAfterHours: 24 });

const emptyDraft = (): Draft => ({
  key: '',
  name: '',
  description: '',
  enabled: true,
  holdoutShare: 0,
  steps: [newStep()],
});

const fromPlaybook = (p: Playbook): Draft => ({
  key: p.key,
  name: p.name,
  description: p.description,
  enabled: p.enabled,
  holdoutShare: p.holdoutShare,
  steps: p.steps.map((s) => ({ ...s, uid: uuid() })),
});

/** The body the API takes: no client ids, a template only on email steps and only when given. */
const toBody = (d: Draft): NewPlaybook => ({
  key: d.key,
  name: d.name.trim(),
  description: d.description,
  enabled: d.enabled,
  holdoutShare: d.holdoutShare,
  steps: d.steps.map(({ uid: _uid, template, ...s }) => ({
    ...s,
    title: s.title.trim(),
    ...(s.type === 'email' && template?.trim() && { template: template.trim() }),
  })),
});

/** Create (/rules/playbooks/new) or edit (/rules/playbooks/:id) a playbook's ordered steps. */
export function PlaybookEditorPage() {
  const { id } = useParams<{ id?: string }>();
  const existing = usePlaybook(id);
  if (id && existing.isError) return <ErrorPanel error={existing.error} thing="playbook" />;
  if (id && !existing.data) {
    return (
      <Center p="lg">
        <Loader size="sm" aria-label="Loading the playbook" />
      </Center>
    );
  }
  return <PlaybookEditor id={id} initial={existing.data ? fromPlaybook(existing.data) : emptyDraft()} />;
}

type Focus = { uid: string; control: 'up' | 'down' | 'title' | 'add' };

function PlaybookEditor({ id, initial }: { id?: string; initial: Draft }) {
  const [draft, setDraft] = useState<Draft>(initial);
  const save = useSavePlaybook(id);
  const [, navigate] = useLocation();
  // After a move or a removal the button pressed may be gone or elsewhere: focus goes where the step went.
  const [focus, setFocus] = useState<Focus | null>(null);
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (!focus) return;
    const el = form.current?.querySelector<HTMLElement>(
      focus.control === 'add'
        ? '[data-add-step]'
        : `[data-step="${focus.uid}"] [data-control="${focus.control}"]`,
    );
    (el && !(el as HTMLButtonElement).disabled
      ? el
      : form.current?.querySelector<HTMLElement>('[data-add-step]')
    )?.focus();
    setFocus(null);
  }, [focus]);

  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));
  const setStep = (uid: string, patch: Partial<Step>) =>
    setDraft((d) => ({ ...d, steps: d.steps.map((s) => (s.uid === uid ? { ...s, ...patch } : s)) }));
  const move = (from: number, by: -1 | 1) => {
    const to = from + by;
    const steps = [...draft.steps];
    const [step] = steps.splice(from, 1);
    if (!step || to < 0 || to > steps.length) return;
    steps.splice(to, 0, step);
    set({ steps });
    // Keep pressing the same button to keep moving; at the end, the other direction.
    const atEdge = to === 0 || to === steps.length - 1;
    setFocus({ uid: step.uid, control: atEdge ? (by < 0 ? 'down' : 'up') : by < 0 ? 'up' : 'down' });
  };
  const remove = (i: number) => {
    const steps = draft.steps.filter((_, j) => j !== i);
    set({ steps });
    const next = steps[i] ?? steps[i - 1];
    setFocus(next ? { uid: next.uid, control: 'title' } : { uid: '', control: 'add' });
  };
  const add = () => {
    const step = newStep();
    set({ steps: [...draft.steps, step] });
    setFocus({ uid: step.uid, control: 'title' });
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate(toBody(draft), {
      onSuccess: (p) => {
        notifications.show({ color: 'green', message: `“${p.name}” is saved.` });
        leaveWithoutAsking(() => navigate('/rules/playbooks'));
      },
    });
  };

  return (
    <Page title={id ? `Edit playbook: ${initial.name}` : 'New playbook'}>
      <Paper withBorder radius="md" p="md" maw={820}>
        <form onSubmit={submit} aria-label="Playbook" ref={form}>
          <Stack gap="sm">
            <NameAndKey thing="playbook" isNew={!id} name={draft.name} keyValue={draft.key} onChange={set} />
            <Textarea
              label="Description"
              autosize
              maxLength={2000}
              value={draft.description}
              onChange={(e) => set({ description: e.currentTarget.value })}
            />
            <Switch
              label="In use"
              description="When off, rules that name it open cases without its tasks"
              checked={draft.enabled}
              onChange={(e) => set({ enabled: e.currentTarget.checked })}
            />
            <NumberInput
              label="Holdout (%)"
              description="Share of customers whose cases get no calls, emails, gestures or surveys from this playbook, to measure what it changes (the case itself still opens). 0 = none."
              min={0}
              max={50}
              step={5}
              suffix="%"
              maw={260}
              value={Math.round(draft.holdoutShare * 1000) / 10}
              onChange={(v) => set({ holdoutShare: typeof v === 'number' ? v / 100 : 0 })}
            />
            <Title order={2} size="h5" mt="xs">
              Steps
            </Title>
            <Text size="sm" c="dimmed">
              In order. Each step becomes a task for the case’s owner, due the given time after the case
              opens. Cases already open keep their tasks.
            </Text>
            <Stack gap="xs" component="ol" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
              {draft.steps.map((s, i) => (
                <StepEditor
                  key={s.uid}
                  n={i + 1}
                  count={draft.steps.length}
                  step={s}
                  onChange={(patch) => setStep(s.uid, patch)}
                  onMove={(by) => move(i, by)}
                  onRemove={() => remove(i)}
                />
              ))}
            </Stack>
            {draft.steps.length < 30 && (
              <Group>
                <Button variant="light" onClick={add} data-add-step>
                  Add a step
                </Button>
              </Group>
            )}
            <SaveBar
              error={save.isError ? describeSaveError(save.error, 'playbook') : null}
              errorTitle="The playbook was not saved"
              pending={save.isPending}
              label={id ? 'Save changes' : 'Create playbook'}
              dirty={JSON.stringify(draft) !== JSON.stringify(initial)}
              onCancel={() => navigate('/rules/playbooks')}
            />
          </Stack>
        </form>
      </Paper>
    </Page>
  );
}

function StepEditor({
  n,
  count,
  step,
  onChange,
  onMove,
  onRemove,
}: {
  n: number;
  count: number;
  step: DraftStep;
  onChange: (patch: Partial<Step>) => void;
  onMove: (by: -1 | 1) => void;
  onRemove: () => void;
}) {
  return (
    <Paper component="li" withBorder radius="md" p="sm" data-step={step.uid} aria-label={`Step ${n}`}>
      <Stack gap="xs">
        <Group justify="space-between" wrap="nowrap">
          <Text fw={600}>Step {n}</Text>
          <Group gap={4} wrap="nowrap">
            <Button
              size="compact-sm"
              variant="subtle"
              disabled={n === 1}
              onClick={() => onMove(-1)}
              aria-label={`Move step ${n} up`}
              data-control="up"
            >
              Move up
            </Button>
            <Button
              size="compact-sm"
              variant="subtle"
              disabled={n === count}
              onClick={() => onMove(1)}
              aria-label={`Move step ${n} down`}
              data-control="down"
            >
              Move down
            </Button>
            {count > 1 && (
              <ActionIcon variant="subtle" color="gray" aria-label={`Remove step ${n}`} onClick={onRemove}>
                <IconX />
              </ActionIcon>
            )}
          </Group>
        </Group>
        <Group grow align="flex-start">
          <Select
            label={`Step ${n} kind`}
            data={stepTypes.map((t) => ({ value: t, label: stepLabels[t] }))}
            value={step.type}
            allowDeselect={false}
            onChange={(v) => v && onChange({ type: v as StepType })}
          />
          <NumberInput
            label={`Step ${n} due after (hours)`}
            description={`${formatHours(step.dueAfterHours)} after the case opens`}
            min={0}
            max={24 * 365}
            value={step.dueAfterHours}
            onChange={(v) => onChange({ dueAfterHours: typeof v === 'number' ? v : 0 })}
          />
        </Group>
        <TextInput
          label={`Step ${n}: what to do`}
          required
          maxLength={200}
          value={step.title}
          onChange={(e) => onChange({ title: e.currentTarget.value })}
          data-control="title"
        />
        {step.type === 'email' && (
          <TextInput
            label={`Step ${n} email template`}
            description="The name of the template the rep sends, e.g. apology"
            maxLength={100}
            value={step.template ?? ''}
            onChange={(e) => onChange({ template: e.currentTarget.value })}
          />
        )}
      </Stack>
    </Paper>
  );
}

import {
  ActionIcon,
  Alert,
  Button,
  Center,
  Checkbox,
  Grid,
  Group,
  Loader,
  NumberInput,
  Paper,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useLocation, useParams } from 'wouter';
import { describeError } from '../../api/errors.ts';
import { ErrorPanel } from '../../ui/error-panel.tsx';
import { IconX } from '../../ui/icons.tsx';
import { Page } from '../../ui/page.tsx';
import {
  type FollowUp,
  isScoreType,
  type Question,
  type QuestionType,
  type Survey,
  type SurveyInput,
  scales,
  useSaveSurvey,
  useSurvey,
} from './api.ts';
import { SurveyPreview } from './survey-preview.tsx';

const typeLabels: Record<QuestionType, string> = {
  nps: 'NPS (0–10)',
  csat: 'CSAT (1–5)',
  ces: 'CES (1–7)',
  single: 'Choice (one answer)',
  multiple: 'Choice (several answers)',
  text: 'Free text',
};
const questionTypes = Object.keys(typeLabels) as QuestionType[];

type Draft = Pick<SurveyInput, 'name' | 'title' | 'intro' | 'thanks' | 'emailSubject' | 'questions'> & {
  anonymousForm: boolean;
};

const emptyDraft: Draft = {
  name: '',
  title: '',
  intro: '',
  thanks: '',
  emailSubject: '',
  anonymousForm: false,
  questions: [{ id: 'nps', type: 'nps', text: '' }],
};

const fromSurvey = (s: Survey): Draft => ({
  name: s.name,
  title: s.title,
  intro: s.intro ?? '',
  thanks: s.thanks ?? '',
  emailSubject: s.emailSubject ?? '',
  anonymousForm: s.anonymousForm,
  questions: s.questions,
});

const slug = (s: string): string =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40) || 'option';

/** A question id not used yet, from its type: nps, nps-2… */
function freshId(type: QuestionType, taken: Question[]): string {
  const ids = new Set(taken.map((q) => q.id));
  let id: string = type;
  for (let n = 2; ids.has(id); n++) id = `${type}-${n}`;
  return id;
}

/** The body the API takes: empty optional texts left out, options only on choice questions. */
function toBody(d: Draft): SurveyInput {
  const opt = (s: string | undefined) => (s?.trim() ? s.trim() : undefined);
  return {
    name: d.name.trim(),
    title: d.title.trim(),
    intro: opt(d.intro),
    thanks: opt(d.thanks),
    emailSubject: opt(d.emailSubject),
    anonymousForm: d.anonymousForm,
    questions: d.questions.map((q) => ({
      id: q.id,
      type: q.type,
      text: q.text.trim(),
      required: q.required,
      options: q.type === 'single' || q.type === 'multiple' ? q.options : undefined,
      followUps: isScoreType(q.type) && q.followUps?.length ? q.followUps : undefined,
    })),
  };
}

/** Create (/surveys/new) or edit (/surveys/:id/edit) a survey, with the customer's view beside the form. */
export function BuilderPage() {
  const { id } = useParams<{ id?: string }>();
  const existing = useSurvey(id);
  if (id && existing.isError) return <ErrorPanel error={existing.error} thing="survey" />;
  if (id && !existing.data) {
    return (
      <Center p="lg">
        <Loader size="sm" aria-label="Loading the survey" />
      </Center>
    );
  }
  return <Builder id={id} initial={existing.data ? fromSurvey(existing.data) : emptyDraft} />;
}

function Builder({ id, initial }: { id: string | undefined; initial: Draft }) {
  const [draft, setDraft] = useState<Draft>(initial);
  const save = useSaveSurvey(id);
  const [, navigate] = useLocation();
  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));
  const setQuestion = (i: number, patch: Partial<Question>) =>
    setDraft((d) => ({ ...d, questions: d.questions.map((q, j) => (j === i ? { ...q, ...patch } : q)) }));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate(toBody(draft), { onSuccess: (s) => navigate(`/surveys/${s.id}`) });
  };

  return (
    <Page title={id ? `Edit ${initial.name}` : 'New survey'}>
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 6 }}>
          <form onSubmit={submit} aria-label="Survey builder">
            <Stack gap="sm">
              <TextInput
                label="Name"
                description="Staff see this name"
                required
                maxLength={200}
                value={draft.name}
                onChange={(e) => set({ name: e.currentTarget.value })}
              />
              <TextInput
                label="Title"
                description="The heading customers see"
                required
                maxLength={200}
                value={draft.title}
                onChange={(e) => set({ title: e.currentTarget.value })}
              />
              <Textarea
                label="Introduction"
                autosize
                maxLength={2000}
                value={draft.intro ?? ''}
                onChange={(e) => set({ intro: e.currentTarget.value })}
              />
              <TextInput
                label="Email subject"
                maxLength={200}
                value={draft.emailSubject ?? ''}
                onChange={(e) => set({ emailSubject: e.currentTarget.value })}
              />
              <Textarea
                label="Thank-you message"
                autosize
                maxLength={2000}
                value={draft.thanks ?? ''}
                onChange={(e) => set({ thanks: e.currentTarget.value })}
              />
              <Checkbox
                label="Also offer an anonymous web form"
                checked={draft.anonymousForm}
                onChange={(e) => set({ anonymousForm: e.currentTarget.checked })}
              />
              <Title order={2} size="h4" mt="sm">
                Questions
              </Title>
              {draft.questions.map((q, i) => (
                <QuestionEditor
                  // biome-ignore lint/suspicious/noArrayIndexKey: ids are edited live; the position is the identity
                  key={i}
                  n={i + 1}
                  q={q}
                  onChange={(patch) => setQuestion(i, patch)}
                  onRemove={
                    draft.questions.length > 1
                      ? () => set({ questions: draft.questions.filter((_, j) => j !== i) })
                      : undefined
                  }
                />
              ))}
              {draft.questions.length < 20 && (
                <Group>
                  <Button
                    variant="light"
                    onClick={() =>
                      set({
                        questions: [
                          ...draft.questions,
                          { id: freshId('text', draft.questions), type: 'text', text: '' },
                        ],
                      })
                    }
                  >
                    Add a question
                  </Button>
                </Group>
              )}
              {save.isError && (
                <Alert color="red" role="alert" title="The survey was not saved">
                  {describeError(save.error, { thing: 'survey' })}
                </Alert>
              )}
              <Group>
                <Button type="submit" loading={save.isPending}>
                  {id ? 'Save changes' : 'Create survey'}
                </Button>
                <Button variant="default" onClick={() => navigate(id ? `/surveys/${id}` : '/surveys')}>
                  Cancel
                </Button>
              </Group>
            </Stack>
          </form>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Title order={2} size="h4" mb="xs">
            Preview
          </Title>
          <SurveyPreview survey={draft} />
        </Grid.Col>
      </Grid>
    </Page>
  );
}

function QuestionEditor({
  n,
  q,
  onChange,
  onRemove,
}: {
  n: number;
  q: Question;
  onChange: (patch: Partial<Question>) => void;
  onRemove?: () => void;
}) {
  const choice = q.type === 'single' || q.type === 'multiple';
  const changeType = (type: QuestionType) => {
    const toChoice = type === 'single' || type === 'multiple';
    onChange({
      type,
      options: toChoice ? (q.options ?? []) : undefined,
      followUps: isScoreType(type) ? q.followUps : undefined,
    });
  };
  return (
    <Paper withBorder p="sm" radius="md" component="fieldset" aria-label={`Question ${n}`}>
      <Stack gap="xs">
        <Group justify="space-between">
          <Text fw={600}>Question {n}</Text>
          {onRemove && (
            <ActionIcon variant="subtle" color="gray" aria-label={`Remove question ${n}`} onClick={onRemove}>
              <IconX />
            </ActionIcon>
          )}
        </Group>
        <Group grow align="flex-start">
          <Select
            label="Type"
            data={questionTypes.map((t) => ({ value: t, label: typeLabels[t] }))}
            value={q.type}
            allowDeselect={false}
            onChange={(v) => v && changeType(v as QuestionType)}
          />
          <TextInput
            label="Question id"
            description="Lower-case letters, digits, - or _"
            required
            maxLength={40}
            value={q.id}
            onChange={(e) => onChange({ id: e.currentTarget.value })}
          />
        </Group>
        <Textarea
          label="Question text"
          required
          autosize
          maxLength={500}
          value={q.text}
          onChange={(e) => onChange({ text: e.currentTarget.value })}
        />
        <Checkbox
          label="An answer is required"
          checked={q.required ?? q.type !== 'text'}
          onChange={(e) => onChange({ required: e.currentTarget.checked })}
        />
        {choice && <OptionsEditor q={q} onChange={onChange} />}
        {isScoreType(q.type) && (
          <FollowUpsEditor
            type={q.type}
            followUps={q.followUps ?? []}
            onChange={(followUps) => onChange({ followUps })}
          />
        )}
      </Stack>
    </Paper>
  );
}

/** Options, one label a line; a label that stays keeps its stored value, so answers keep their meaning. */
function OptionsEditor({ q, onChange }: { q: Question; onChange: (patch: Partial<Question>) => void }) {
  const [text, setText] = useState((q.options ?? []).map((o) => o.label).join('\n'));
  const update = (value: string) => {
    setText(value);
    const known = new Map((q.options ?? []).map((o) => [o.label, o.value]));
    const used = new Set<string>();
    const options = value
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)
      .map((label) => {
        let v = known.get(label) ?? slug(label);
        for (let i = 2; used.has(v); i++) v = `${slug(label).slice(0, 36)}-${i}`;
        used.add(v);
        return { value: v, label };
      });
    onChange({ options });
  };
  return (
    <Textarea
      label="Options"
      description="One a line, 2 to 20"
      autosize
      minRows={2}
      value={text}
      onChange={(e) => update(e.currentTarget.value)}
    />
  );
}

function FollowUpsEditor({
  type,
  followUps,
  onChange,
}: {
  type: keyof typeof scales;
  followUps: FollowUp[];
  onChange: (f: FollowUp[]) => void;
}) {
  const s = scales[type];
  const set = (i: number, patch: Partial<FollowUp>) =>
    onChange(followUps.map((f, j) => (j === i ? { ...f, ...patch } : f)));
  return (
    <Stack gap={4}>
      <Text size="sm" fw={500}>
        Follow-up prompt by score band
      </Text>
      <Text size="xs" c="dimmed">
        Shown under the score once the customer picks one in the band; otherwise “Anything you would like to
        tell us?”
      </Text>
      {followUps.map((f, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: bands have no id of their own
        <Group key={i} align="flex-end" gap="xs" wrap="nowrap">
          <NumberInput
            label={`Band ${i + 1} from`}
            min={s.min}
            max={s.max}
            w={90}
            value={f.min}
            onChange={(v) => set(i, { min: Number(v) })}
          />
          <NumberInput
            label="to"
            min={s.min}
            max={s.max}
            w={80}
            value={f.max}
            onChange={(v) => set(i, { max: Number(v) })}
          />
          <TextInput
            label={`Band ${i + 1} prompt`}
            style={{ flex: 1 }}
            maxLength={500}
            value={f.text}
            onChange={(e) => set(i, { text: e.currentTarget.value })}
          />
          <ActionIcon
            variant="subtle"
            color="gray"
            mb={6}
            aria-label={`Remove band ${i + 1}`}
            onClick={() => onChange(followUps.filter((_, j) => j !== i))}
          >
            <IconX />
          </ActionIcon>
        </Group>
      ))}
      {followUps.length < 5 && (
        <Group>
          <Button
            size="xs"
            variant="subtle"
            onClick={() => onChange([...followUps, { min: s.min, max: s.max, text: '' }])}
          >
            Add a follow-up band
          </Button>
        </Group>
      )}
    </Stack>
  );
}

import { Button, Center, Grid, Group, Loader, Stack, Textarea, TextInput, Title } from '@mantine/core';
import { type FormEvent, useMemo, useState } from 'react';
import { useLocation, useParams } from 'wouter';
import { ErrorPanel } from '../../ui/error-panel.tsx';
import { Page } from '../../ui/page.tsx';
import { SaveBar } from '../../ui/save-bar.tsx';
import { leaveWithoutAsking } from '../../ui/unsaved-changes.ts';
import { AnonymousFields } from './anonymous-fields.tsx';
import { type Question, useSaveSurvey, useSurvey } from './api.ts';
import { type Draft, emptyDraft, freshId, fromSurvey, toBody } from './draft.ts';
import { PreviewPanel } from './preview-panel.tsx';
import { QuestionEditor } from './question-editor.tsx';
import { SendingFields } from './sending-fields.tsx';
import { describeFormError } from './words.ts';

/**
 * Create (/surveys/new) or edit (/surveys/:id/edit) a survey, with what the customer gets (the
 * public page and the email, drawn by the server's templates) beside the form.
 */
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

  const body = useMemo(() => toBody(draft), [draft]);
  // Customers never see the name, so a draft without one can still be previewed.
  const previewBody = useMemo(() => ({ ...body, name: body.name || undefined }), [body]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate(body, { onSuccess: (s) => leaveWithoutAsking(() => navigate(`/surveys/${s.id}`)) });
  };

  return (
    <Page title={id ? `Edit ${initial.name}` : 'New survey'}>
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 5 }}>
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
              <AnonymousFields draft={draft} set={set} />
              <SendingFields draft={draft} set={set} />
              <Title order={2} size="h4" mt="sm">
                Questions
              </Title>
              {draft.questions.map((q, i) => (
                <QuestionEditor
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
              <SaveBar
                dirty={JSON.stringify(draft) !== JSON.stringify(initial)}
                error={save.isError ? describeFormError(save.error, 'survey') : null}
                errorTitle="The survey was not saved"
                pending={save.isPending}
                label={id ? 'Save changes' : 'Create survey'}
                onCancel={() => navigate(id ? `/surveys/${id}` : '/surveys')}
              />
            </Stack>
          </form>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Title order={2} size="h4" mb="xs">
            Preview
          </Title>
          <PreviewPanel body={previewBody} />
        </Grid.Col>
      </Grid>
    </Page>
  );
}

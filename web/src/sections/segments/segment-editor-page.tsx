import { Center, Grid, Loader, Paper, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type FormEvent, useState } from 'react';
import { useLocation, useParams } from 'wouter';
import { ApiError } from '../../api/client.ts';
import { describeError } from '../../api/errors.ts';
import { useSession } from '../../auth/session.tsx';
import { ErrorPanel } from '../../ui/error-panel.tsx';
import { Page } from '../../ui/page.tsx';
import { SaveBar } from '../../ui/save-bar.tsx';
import { leaveWithoutAsking, useUnsavedChanges } from '../../ui/unsaved-changes.ts';
import { type Definition, useSaveSegment, useSegment, useSegmentFields } from './api.ts';
import { DeleteSegment } from './delete-segment.tsx';
import { type GroupDraft, GroupEditor } from './group-editor.tsx';
import { PreviewPanel } from './preview-panel.tsx';

type Draft = { name: string; description: string; definition: GroupDraft };
const emptyDraft: Draft = { name: '', description: '', definition: { match: 'all', conditions: [] } };

/** Create (/segments/new) or edit (/segments/:id) a segment, with its live count and sample. */
export function SegmentEditorPage() {
  const { id } = useParams<{ id?: string }>();
  const existing = useSegment(id);
  const fields = useSegmentFields();
  if (id && existing.isError) return <ErrorPanel error={existing.error} thing="segment" />;
  if (fields.isError) return <ErrorPanel error={fields.error} thing="segment field" />;
  if ((id && !existing.data) || !fields.data) {
    return (
      <Center p="lg">
        <Loader size="sm" aria-label="Loading the segment" />
      </Center>
    );
  }
  const s = existing.data;
  return (
    <SegmentEditor
      key={s?.id ?? 'new'}
      id={id}
      initial={
        s ? { name: s.name, description: s.description, definition: s.definition as GroupDraft } : emptyDraft
      }
    />
  );
}

const saveProblem = (err: unknown) =>
  err instanceof ApiError && (err.status === 400 || err.status === 409)
    ? err.message
    : describeError(err, { thing: 'segment' });

function SegmentEditor({ id, initial }: { id?: string; initial: Draft }) {
  const me = useSession();
  const fields = useSegmentFields().data ?? [];
  const [draft, setDraft] = useState<Draft>(initial);
  const save = useSaveSegment(id);
  const [, navigate] = useLocation();
  const mayWrite = me.role === 'admin' || me.role === 'manager';
  const dirty = JSON.stringify(draft) !== JSON.stringify(initial);
  // Agents have no Save bar; what they change is only a look, but leaving still asks.
  useUnsavedChanges(dirty && !mayWrite);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate(
      { ...draft, name: draft.name.trim(), definition: draft.definition as Definition },
      {
        onSuccess: (s) => {
          notifications.show({ color: 'green', message: `“${s.name}” is saved.` });
          leaveWithoutAsking(() => navigate(`/segments/${s.id}`));
        },
      },
    );
  };

  return (
    <Page title={id ? `Segment: ${initial.name}` : 'New segment'}>
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, lg: 8 }}>
          <Paper withBorder radius="md" p="md">
            <form onSubmit={submit} aria-label="Segment">
              <Stack gap="sm">
                <TextInput
                  label="Name"
                  required
                  maxLength={120}
                  value={draft.name}
                  onChange={(e) => setDraft({ ...draft, name: e.currentTarget.value })}
                />
                <Textarea
                  label="Description"
                  autosize
                  maxLength={2000}
                  value={draft.description}
                  onChange={(e) => setDraft({ ...draft, description: e.currentTarget.value })}
                />
                <GroupEditor
                  group={draft.definition}
                  fields={fields}
                  depth={1}
                  onChange={(definition) => setDraft({ ...draft, definition })}
                />
                {mayWrite ? (
                  <>
                    <SaveBar
                      error={save.isError ? saveProblem(save.error) : null}
                      pending={save.isPending}
                      label="Save segment"
                      dirty={dirty}
                      onCancel={() => navigate('/segments')}
                    />
                    {id && (
                      <DeleteSegment
                        id={id}
                        name={initial.name}
                        onDeleted={() => leaveWithoutAsking(() => navigate('/segments'))}
                      />
                    )}
                  </>
                ) : (
                  <Text size="sm" c="dimmed">
                    Managers and admins save segments; you can try definitions here.
                  </Text>
                )}
              </Stack>
            </form>
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 4 }}>
          <PreviewPanel definition={draft.definition as Definition} fields={fields} />
        </Grid.Col>
      </Grid>
    </Page>
  );
}

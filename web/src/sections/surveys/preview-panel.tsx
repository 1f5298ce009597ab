import { Alert, Box, Group, Loader, Paper, Stack, Tabs, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { api, data } from '../../api/client.ts';
import type { paths } from '../../api/schema';
import type { Ok } from '../../api/types.ts';
import { describeFormError } from './words.ts';

type Preview = Ok<'/api/v1/surveys/preview', 'post'>;
/** A survey as for creating one; the name may be left out. */
export type PreviewBody = NonNullable<
  paths['/api/v1/surveys/preview']['post']['requestBody']
>['content']['application/json'];

/**
 * The draft rendered by the server's own templates (POST /api/v1/surveys/preview), 400 ms after
 * the last change. A draft the API refuses keeps the last preview it could draw, with the reason.
 */
function usePreview(body: PreviewBody) {
  const [debounced] = useDebouncedValue(body, 400);
  const q = useQuery({
    queryKey: ['survey-preview', debounced],
    queryFn: ({ signal }): Promise<Preview> =>
      data(api.POST('/api/v1/surveys/preview', { body: debounced, signal })),
    placeholderData: keepPreviousData,
    staleTime: Number.POSITIVE_INFINITY,
    retry: false,
  });
  const [last, setLast] = useState<Preview>();
  useEffect(() => {
    if (q.data) setLast(q.data);
  }, [q.data]);
  return { preview: q.data ?? last, error: q.isError ? q.error : null, busy: q.isFetching };
}

/**
 * A rendered page in a frame that can run nothing and go nowhere: `sandbox=""` blocks scripts,
 * forms and pop-ups, and `<base target="_blank">` turns every link into a blocked pop-up, so a
 * click leaves the preview in place (the links are inert anyway: see docs/feedback.md).
 */
function Frame({ html, title }: { html: string; title: string }) {
  const doc = html.replace(/<head>/i, '<head><base target="_blank">');
  return (
    <Box
      component="iframe"
      title={title}
      sandbox=""
      srcDoc={doc}
      w="100%"
      h={620}
      style={{ border: '1px solid var(--mantine-color-gray-4)', borderRadius: 8, background: '#fff' }}
    />
  );
}

/** What the customer gets: the public page, the email, and the anonymous form when offered. */
export function PreviewPanel({ body }: { body: PreviewBody }) {
  const { preview, error, busy } = usePreview(body);
  return (
    <Stack gap="xs" component="section" aria-label="Preview of what the customer sees">
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          Drawn by the same templates customers get, for a sample customer. Links in it lead nowhere.
        </Text>
        {busy && <Loader size="xs" aria-label="Updating the preview" />}
      </Group>
      {error && (
        <Alert
          color="yellow"
          role="status"
          title={preview ? 'The preview shows the last version that worked' : 'Nothing to show yet'}
        >
          {describeFormError(error, 'survey')}
        </Alert>
      )}
      {preview && (
        <Tabs defaultValue="page" keepMounted={false}>
          <Tabs.List>
            <Tabs.Tab value="page">Public page</Tabs.Tab>
            <Tabs.Tab value="email">Email</Tabs.Tab>
            <Tabs.Tab value="text">Email as plain text</Tabs.Tab>
            {preview.form && <Tabs.Tab value="form">Anonymous form</Tabs.Tab>}
          </Tabs.List>
          <Tabs.Panel value="page" pt="xs">
            <Frame html={preview.page.html} title="Public page preview" />
          </Tabs.Panel>
          <Tabs.Panel value="email" pt="xs">
            <EmailHeader email={preview.email} />
            <Frame html={preview.email.html} title="Email preview" />
          </Tabs.Panel>
          <Tabs.Panel value="text" pt="xs">
            <EmailHeader email={preview.email} />
            <Paper withBorder p="sm" radius="md">
              <Text component="pre" ff="monospace" size="sm" style={{ whiteSpace: 'pre-wrap', margin: 0 }}>
                {preview.email.text}
              </Text>
            </Paper>
          </Tabs.Panel>
          {preview.form && (
            <Tabs.Panel value="form" pt="xs">
              <Frame html={preview.form.html} title="Anonymous form preview" />
            </Tabs.Panel>
          )}
        </Tabs>
      )}
    </Stack>
  );
}

function EmailHeader({ email }: { email: Preview['email'] }) {
  return (
    <Box
      component="dl"
      m={0}
      mb="xs"
      style={{ display: 'grid', gridTemplateColumns: 'auto 1fr', gap: '0 12px' }}
    >
      <Text component="dt" size="sm" c="dimmed">
        To
      </Text>
      <Text component="dd" size="sm" m={0}>
        {email.to}
      </Text>
      <Text component="dt" size="sm" c="dimmed">
        Subject
      </Text>
      <Text component="dd" size="sm" fw={600} m={0} data-testid="email-subject">
        {email.subject}
      </Text>
    </Box>
  );
}

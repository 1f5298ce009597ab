import { Box, Button, Checkbox, Group, Paper, Radio, Stack, Text, Textarea, Title } from '@mantine/core';
import { useId, useState } from 'react';
import { isScoreType, type Question, type SurveyInput, scales } from './api.ts';

const defaultFollowUp = 'Anything you would like to tell us?';

/**
 * What the customer sees on the public page (`/s/:token`, templates/survey.liquid): the title,
 * intro, each question as the page draws it, and the follow-up prompt of the band of the score
 * picked. Drawn in React from the draft, since the API has no preview address; nothing is sent.
 */
export function SurveyPreview({ survey }: { survey: Pick<SurveyInput, 'title' | 'intro' | 'questions'> }) {
  return (
    <Paper
      withBorder
      radius="md"
      p="lg"
      component="section"
      aria-label="Preview of what the customer sees"
      style={{ fontFamily: 'system-ui, sans-serif', maxWidth: 640 }}
    >
      <Stack gap="md">
        <Title order={2} size="h3">
          {survey.title || 'Untitled survey'}
        </Title>
        {survey.intro && <Text>{survey.intro}</Text>}
        {survey.questions.map((q, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: question ids are edited live; the position is the identity
          <PreviewQuestion key={i} q={q} />
        ))}
        <Group>
          <Button type="button" disabled>
            Send my answer
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

function Legend({ q }: { q: Question }) {
  const required = q.required ?? q.type !== 'text';
  return (
    <>
      {q.text || <em>Question text</em>}
      {!required && (
        <Text span c="dimmed" size="sm">
          {' '}
          (optional)
        </Text>
      )}
    </>
  );
}

function PreviewQuestion({ q }: { q: Question }) {
  const uid = useId();
  const [score, setScore] = useState<string | null>(null);
  if (isScoreType(q.type)) {
    const s = scales[q.type];
    const values = Array.from({ length: s.max - s.min + 1 }, (_, i) => String(s.min + i));
    const n = score === null ? null : Number(score);
    const band = n === null ? undefined : q.followUps?.find((f) => n >= f.min && n <= f.max);
    return (
      <Box component="fieldset" style={{ border: 0, padding: 0, margin: 0 }}>
        <Text component="legend" fw={600} mb={6}>
          <Legend q={q} />
        </Text>
        <Radio.Group value={score} onChange={setScore} name={`${uid}-score`} aria-label={q.text || 'Score'}>
          <Group gap="sm" wrap="wrap">
            {values.map((v) => (
              <Radio
                key={v}
                value={v}
                label={v}
                size="sm"
                styles={{
                  body: { flexDirection: 'column-reverse', alignItems: 'center', gap: 4 },
                  labelWrapper: { alignItems: 'center' },
                  label: { paddingInlineStart: 0 },
                }}
              />
            ))}
          </Group>
        </Radio.Group>
        <Group justify="space-between" mt={2} aria-hidden="true">
          <Text size="xs" c="dimmed">
            {s.minLabel}
          </Text>
          <Text size="xs" c="dimmed">
            {s.maxLabel}
          </Text>
        </Group>
        <Textarea
          mt="xs"
          label={
            <>
              {band?.text ?? defaultFollowUp}{' '}
              <Text span c="dimmed" size="sm">
                (optional)
              </Text>
            </>
          }
          autosize
          minRows={2}
        />
      </Box>
    );
  }
  if (q.type === 'single' || q.type === 'multiple') {
    const options = q.options ?? [];
    return (
      <Box component="fieldset" style={{ border: 0, padding: 0, margin: 0 }}>
        <Text component="legend" fw={600} mb={6}>
          <Legend q={q} />
        </Text>
        <Stack gap={4}>
          {options.map((o) =>
            q.type === 'single' ? (
              <Radio key={o.value} name={`${uid}-choice`} value={o.value} label={o.label} />
            ) : (
              <Checkbox key={o.value} value={o.value} label={o.label} />
            ),
          )}
          {options.length === 0 && (
            <Text c="dimmed" size="sm">
              No options yet.
            </Text>
          )}
        </Stack>
      </Box>
    );
  }
  return <Textarea label={<Legend q={q} />} autosize minRows={2} labelProps={{ fw: 600 }} />;
}

import {
  ActionIcon,
  Button,
  Checkbox,
  Group,
  NumberInput,
  Paper,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useState } from 'react';
import { IconX } from '../../ui/icons.tsx';
import { type FollowUp, isScoreType, type Question, type QuestionType, scales } from './api.ts';
import { slug } from './draft.ts';

export const typeLabels: Record<QuestionType, string> = {
  nps: 'NPS (0–10)',
  csat: 'CSAT (1–5)',
  ces: 'CES (1–7)',
  single: 'Choice (one answer)',
  multiple: 'Choice (several answers)',
  text: 'Free text',
};
const questionTypes = Object.keys(typeLabels) as QuestionType[];

/** One question of the builder: type, id, text, whether required, and its options or follow-ups. */
export function QuestionEditor({
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

import {
  Button,
  Group,
  MultiSelect,
  NumberInput,
  Select,
  Stack,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { useLocation } from 'wouter';
import { ErrorPanel } from '../../ui/error-panel.tsx';
import { useTeams } from '../settings/api.ts';
import { type PulseInput, useCreatePulse } from './api.ts';

type Extra = { type: 'csat' | 'ces' | 'text'; text: string };
const TYPES = [
  { value: 'csat', label: 'Satisfaction 1–5' },
  { value: 'ces', label: 'Agreement 1–7' },
  { value: 'text', label: 'Free text' },
];
const MAX_EXTRA = 5;
// The browser's local time, as <input type="datetime-local"> wants it.
const localInput = (d: Date) =>
  new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);

/** The pulse builder: eNPS first (fixed), up to five more questions, teams and a schedule. */
export function PulseBuilder() {
  const teams = useTeams();
  const create = useCreatePulse();
  const [, navigate] = useLocation();
  const [name, setName] = useState('');
  const [title, setTitle] = useState('How is it going?');
  const [intro, setIntro] = useState('');
  const [enps, setEnps] = useState('How likely are you to recommend working here to a friend?');
  const [extra, setExtra] = useState<Extra[]>([]);
  const [teamIds, setTeamIds] = useState<string[]>([]);
  const [first, setFirst] = useState(() => localInput(new Date(Date.now() + 3_600_000)));
  const [repeat, setRepeat] = useState<number | string>(30);
  const [openDays, setOpenDays] = useState<number | string>(7);
  const submit = () => {
    const body: PulseInput = {
      name,
      title,
      ...(intro.trim() ? { intro } : {}),
      enpsQuestion: enps,
      questions: extra.map((q, i) => ({ id: `q${i + 1}`, type: q.type, text: q.text })),
      teamIds,
      schedule: {
        firstRoundAt: new Date(first).toISOString(),
        repeatEveryDays: repeat === '' ? null : Number(repeat),
        roundOpenDays: Number(openDays) || 7,
      },
    };
    create.mutate(body, { onSuccess: (p) => navigate(`/pulses/${p.id}`) });
  };
  return (
    <form
      aria-label="New pulse"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <Stack gap="sm" maw={720}>
        <Title order={2} size="h4">
          New pulse
        </Title>
        <Group grow>
          <TextInput
            label="Name"
            required
            maxLength={200}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
          />
          <TextInput
            label="Title"
            required
            maxLength={200}
            value={title}
            onChange={(e) => setTitle(e.currentTarget.value)}
          />
        </Group>
        <Textarea
          label="Intro"
          maxLength={2000}
          value={intro}
          onChange={(e) => setIntro(e.currentTarget.value)}
        />
        <TextInput
          label="eNPS question (0–10)"
          required
          maxLength={500}
          value={enps}
          onChange={(e) => setEnps(e.currentTarget.value)}
        />
        {extra.map((q, i) => (
          <Group key={i} align="flex-end">
            <Select
              label={`Question ${i + 2} type`}
              data={TYPES}
              value={q.type}
              allowDeselect={false}
              onChange={(v) =>
                setExtra(extra.map((x, j) => (j === i ? { ...x, type: v as Extra['type'] } : x)))
              }
            />
            <TextInput
              label={`Question ${i + 2}`}
              required
              maxLength={500}
              style={{ flex: 1 }}
              value={q.text}
              onChange={(e) => {
                const text = e.currentTarget.value;
                setExtra(extra.map((x, j) => (j === i ? { ...x, text } : x)));
              }}
            />
            <Button variant="subtle" color="red" onClick={() => setExtra(extra.filter((_, j) => j !== i))}>
              Remove
            </Button>
          </Group>
        ))}
        <Group>
          <Button
            variant="light"
            disabled={extra.length >= MAX_EXTRA}
            onClick={() => setExtra([...extra, { type: 'csat', text: '' }])}
          >
            Add a question
          </Button>
        </Group>
        <MultiSelect
          label="Teams"
          placeholder="Everyone"
          data={(teams.data ?? []).map((t) => ({ value: t.id, label: t.name }))}
          value={teamIds}
          onChange={setTeamIds}
          searchable
        />
        <Group grow>
          <TextInput
            type="datetime-local"
            label="First round"
            required
            value={first}
            onChange={(e) => setFirst(e.currentTarget.value)}
          />
          <NumberInput
            label="Repeat every (days)"
            placeholder="once"
            min={1}
            max={366}
            value={repeat}
            onChange={setRepeat}
          />
          <NumberInput label="Open for (days)" min={1} max={60} value={openDays} onChange={setOpenDays} />
        </Group>
        {create.isError && <ErrorPanel error={create.error} thing="pulse" />}
        <Group>
          <Button type="submit" loading={create.isPending}>
            Create pulse
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

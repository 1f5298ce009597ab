import { Group, NumberInput, Paper, Stack, Text, TextInput } from '@mantine/core';
import type { Draft } from './draft.ts';

const asNumber = (v: string | number): number | '' => (v === '' ? '' : Number(v));

/** How the survey is sent: the reward for answering, the one reminder, how long links work. */
export function SendingFields({ draft, set }: { draft: Draft; set: (patch: Partial<Draft>) => void }) {
  return (
    <Paper withBorder p="sm" radius="md" component="fieldset" aria-label="Sending">
      <Stack gap="xs">
        <Text fw={600}>Sending</Text>
        <Group grow align="flex-start">
          <NumberInput
            label="Reward points"
            description="Granted once per answer; empty: none"
            min={1}
            max={1_000_000}
            allowDecimal={false}
            value={draft.rewardPoints}
            onChange={(v) => set({ rewardPoints: asNumber(v) })}
          />
          <TextInput
            label="Reward code"
            description="Shown after answering, e.g. a discount code"
            maxLength={100}
            value={draft.rewardCode}
            onChange={(e) => set({ rewardCode: e.currentTarget.value })}
          />
        </Group>
        {(draft.rewardPoints !== '' || draft.rewardCode.trim() !== '') && (
          <TextInput
            label="Reward wording"
            description="What the email says about the reward; empty: worded from the points and code"
            maxLength={200}
            value={draft.rewardDescription}
            onChange={(e) => set({ rewardDescription: e.currentTarget.value })}
          />
        )}
        <Group grow align="flex-start">
          <NumberInput
            label="Reminder after (days)"
            description="One reminder if unanswered; empty: none"
            min={1}
            max={60}
            allowDecimal={false}
            value={draft.reminderAfterDays}
            onChange={(v) => set({ reminderAfterDays: asNumber(v) })}
          />
          <NumberInput
            label="Links work for (days)"
            description="After that the link says it has expired"
            min={1}
            max={365}
            allowDecimal={false}
            value={draft.linkValidDays}
            onChange={(v) => set({ linkValidDays: asNumber(v) })}
          />
        </Group>
      </Stack>
    </Paper>
  );
}

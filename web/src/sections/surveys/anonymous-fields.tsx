import { Checkbox, Group, NumberInput, Paper, Stack, Text } from '@mantine/core';
import type { Draft } from './draft.ts';

const asNumber = (v: string | number): number | '' => (v === '' ? '' : Number(v));

/**
 * The anonymous web form and its guards: anyone with the link can answer, so its answers are
 * shown apart and left out of the score unless the manager says otherwise, and are capped per
 * network address and per day so a form cannot be stuffed.
 */
export function AnonymousFields({ draft, set }: { draft: Draft; set: (patch: Partial<Draft>) => void }) {
  return (
    <Paper withBorder p="sm" radius="md" component="fieldset" aria-label="Anonymous form">
      <Stack gap="xs">
        <Checkbox
          label="Also offer an anonymous web form"
          checked={draft.anonymousForm}
          onChange={(e) => set({ anonymousForm: e.currentTarget.checked })}
        />
        {draft.anonymousForm && (
          <>
            <Checkbox
              label="Count anonymous answers in the score"
              description="Off: they are shown apart in the results and the NPS, CSAT or CES leaves them out"
              checked={draft.anonymousInScores}
              onChange={(e) => set({ anonymousInScores: e.currentTarget.checked })}
            />
            <Group grow align="flex-start">
              <NumberInput
                label="Answers per address per hour"
                description="From one network address"
                min={1}
                max={10_000}
                allowDecimal={false}
                required
                value={draft.anonymousPerAddressHour}
                onChange={(v) => set({ anonymousPerAddressHour: asNumber(v) })}
              />
              <NumberInput
                label="Anonymous answers per day"
                description="In all, over 24 hours"
                min={1}
                max={1_000_000}
                allowDecimal={false}
                required
                value={draft.anonymousPerDay}
                onChange={(v) => set({ anonymousPerDay: asNumber(v) })}
              />
            </Group>
            <Text size="xs" c="dimmed">
              Answers over a limit are refused with a page that says so; the form also carries a signed token
              and a hidden field that bots fill in.
            </Text>
          </>
        )}
      </Stack>
    </Paper>
  );
}

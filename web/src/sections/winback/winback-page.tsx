import {
  Button,
  Center,
  Group,
  Loader,
  NumberInput,
  Paper,
  Stack,
  Switch,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect, useState } from 'react';
import { ErrorPanel } from '../../ui/error-panel.tsx';
import { Page } from '../../ui/page.tsx';
import {
  useRunWinback,
  useSaveWinbackSettings,
  useWinbackRuns,
  useWinbackSettings,
  type WinbackSettings,
  type WinbackSettingsInput,
} from './api.ts';
import { RunItems, RunResults } from './run-table.tsx';

const inputOf = (s: WinbackSettings): WinbackSettingsInput => {
  const { programId: _p, updatedAt: _u, ...rest } = s;
  return rest;
};

function SettingsForm({ settings }: { settings: WinbackSettings }) {
  const [f, setF] = useState(inputOf(settings));
  useEffect(() => setF(inputOf(settings)), [settings]);
  const save = useSaveWinbackSettings();
  const set = <K extends keyof WinbackSettingsInput>(k: K, v: WinbackSettingsInput[K]) =>
    setF({ ...f, [k]: v });
  const pct = (v: number | null | undefined) => Math.round((v ?? 0) * 100);
  return (
    <Paper withBorder radius="md" p="md">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate(f, {
            onSuccess: () => notifications.show({ color: 'green', message: 'Win-back saved' }),
          });
        }}
      >
        <Stack>
          <Title order={3}>Settings</Title>
          <Group align="end">
            <NumberInput
              label="P(alive) below (%)"
              min={0}
              max={100}
              value={f.pAliveBelow == null ? '' : pct(f.pAliveBelow)}
              onChange={(v) => set('pAliveBelow', v === '' ? null : Number(v) / 100)}
            />
            <Switch
              label="Status lapsed"
              checked={f.includeLapsed ?? true}
              onChange={(e) => set('includeLapsed', e.currentTarget.checked)}
            />
            <NumberInput
              label="Reactivated within (days)"
              min={1}
              max={365}
              value={f.reactivationDays ?? 30}
              onChange={(v) => set('reactivationDays', Number(v))}
            />
            <NumberInput
              label="Hold out (%)"
              min={0}
              max={50}
              value={pct(f.holdoutShare ?? 0.1)}
              onChange={(v) => set('holdoutShare', Number(v) / 100)}
            />
          </Group>
          <Group align="end">
            <TextInput
              label="Window from"
              value={f.sendWindow?.start ?? '09:00'}
              onChange={(e) =>
                set('sendWindow', { start: e.currentTarget.value, end: f.sendWindow?.end ?? '17:00' })
              }
            />
            <TextInput
              label="Window to"
              value={f.sendWindow?.end ?? '17:00'}
              onChange={(e) =>
                set('sendWindow', { start: f.sendWindow?.start ?? '09:00', end: e.currentTarget.value })
              }
            />
            <TextInput
              label="Time zone of customers without one"
              value={f.defaultTimeZone ?? 'UTC'}
              onChange={(e) => set('defaultTimeZone', e.currentTarget.value)}
            />
            <TextInput
              label="Offer id"
              value={f.offerId ?? ''}
              onChange={(e) => set('offerId', e.currentTarget.value || null)}
            />
          </Group>
          <TextInput
            label="Subject"
            value={f.subject}
            onChange={(e) => set('subject', e.currentTarget.value)}
          />
          <Textarea
            label="Body (Liquid: customer.firstName, lastPurchase.date, owner.signature, offer.code)"
            autosize
            minRows={5}
            value={f.body}
            onChange={(e) => set('body', e.currentTarget.value)}
          />
          <Switch
            label="Run every day (07:00 UTC)"
            checked={f.active ?? false}
            onChange={(e) => set('active', e.currentTarget.checked)}
          />
          {save.isError && <ErrorPanel error={save.error} thing="win-back settings" />}
          <Group>
            <Button type="submit" loading={save.isPending}>
              Save
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

/** The win-back play: who counts as lapsed, the email and offer, a dry run, run now, results. */
export function WinbackPage() {
  const settings = useWinbackSettings();
  const runs = useWinbackRuns();
  const run = useRunWinback();
  if (settings.isError) return <ErrorPanel error={settings.error} thing="win-back settings" />;
  if (settings.isPending)
    return (
      <Center p="lg">
        <Loader size="sm" aria-label="Loading win-back" />
      </Center>
    );
  return (
    <Page
      title="Win-back"
      actions={
        <Group>
          <Button variant="default" loading={run.isPending} onClick={() => run.mutate(true)}>
            Dry run
          </Button>
          <Button loading={run.isPending} onClick={() => run.mutate(false)}>
            Run now
          </Button>
        </Group>
      }
    >
      <Stack>
        <Text size="sm">
          Lapsed customers get an email with the offer in their local window, or a rep’s task by the next
          channel they accept; {Math.round(settings.data.holdoutShare * 100)}% are held out to measure the
          effect.
        </Text>
        <SettingsForm settings={settings.data} />
        {run.isError && <ErrorPanel error={run.error} thing="win-back run" />}
        {run.data && <RunItems run={run.data} />}
        {runs.data && <RunResults runs={runs.data} />}
      </Stack>
    </Page>
  );
}

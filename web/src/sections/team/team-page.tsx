import { Grid, Group, Select, Stack, TextInput } from '@mantine/core';
import { useState } from 'react';
import { hasRole, useSession } from '../../auth/session.tsx';
import { Page } from '../../ui/page.tsx';
import { useTeams } from '../settings/api.ts';
import { GiveKudosForm } from './give-kudos-form.tsx';
import { KudosCounts, KudosFeed } from './kudos-feed.tsx';
import { MyRewardPreference, RewardSummaryPanel } from './reward-preferences.tsx';

const day = (d: Date) => d.toISOString().slice(0, 10);
const monthStart = () => {
  const now = new Date();
  return day(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)));
};
const tomorrow = () => day(new Date(Date.now() + 86_400_000));

/** The team page: kudos (give, feed, counts), what each of us values, and for managers the summary. */
export function TeamPage() {
  const me = useSession();
  const manager = hasRole(me, ['admin', 'manager']);
  const teams = useTeams();
  const [teamId, setTeamId] = useState<string | null>(null);
  const [from, setFrom] = useState(monthStart);
  const [to, setTo] = useState(tomorrow);
  const valid = from < to;
  const period = {
    from: `${valid ? from : monthStart()}T00:00:00Z`,
    to: `${valid ? to : tomorrow()}T00:00:00Z`,
  };
  return (
    <Page title="Team">
      <Group align="flex-end">
        <Select
          label="Team"
          placeholder="Everyone"
          clearable
          value={teamId}
          onChange={setTeamId}
          data={(teams.data ?? []).map((t) => ({ value: t.id, label: t.name }))}
        />
        <TextInput type="date" label="From" value={from} onChange={(e) => setFrom(e.currentTarget.value)} />
        <TextInput
          type="date"
          label="To (exclusive)"
          value={to}
          error={valid ? undefined : 'must be after From'}
          onChange={(e) => setTo(e.currentTarget.value)}
        />
      </Group>
      <Grid gap="md">
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Stack gap="md">
            <GiveKudosForm />
            <KudosFeed teamId={teamId} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <Stack gap="md">
            <KudosCounts teamId={teamId} period={period} />
            <MyRewardPreference />
            {manager && <RewardSummaryPanel teamId={teamId} />}
          </Stack>
        </Grid.Col>
      </Grid>
    </Page>
  );
}

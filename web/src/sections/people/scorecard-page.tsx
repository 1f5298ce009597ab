import { Group, Select, Stack, TextInput } from '@mantine/core';
import { useState } from 'react';
import { hasRole, useSession } from '../../auth/session.tsx';
import { ErrorPanel } from '../../ui/error-panel.tsx';
import { Page } from '../../ui/page.tsx';
import { useTeams } from '../settings/api.ts';
import { type Period, type Scorecard, useRepScorecard, useTeamScorecard } from './api.ts';
import { CardTable } from './card-table.tsx';
import { DrillDown } from './drill-down.tsx';

const day = (d: Date) => d.toISOString().slice(0, 10);
function defaultPeriod(): { from: string; to: string } {
  const now = new Date();
  return {
    from: day(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1))),
    to: day(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1))),
  };
}
const toPeriod = (p: { from: string; to: string }): Period => ({
  from: `${p.from}T00:00:00Z`,
  to: `${p.to}T00:00:00Z`,
});

function Cards({ card, label }: { card: Scorecard; label: string }) {
  return (
    <Stack gap="lg">
      {card.reps.length > 1 && (
        <CardTable card={card.total.card} previous={card.total.previous} caption={`${label}: total`} />
      )}
      {card.reps.map((r) => (
        <Stack key={r.staffId} gap="xs">
          <CardTable card={r.card} previous={r.previous} caption={r.name} />
          <DrillDown rep={r} />
        </Stack>
      ))}
    </Stack>
  );
}

/** "My scorecard" for every rep; managers and admins also pick a team. */
export function ScorecardPage() {
  const me = useSession();
  const manager = hasRole(me, ['admin', 'manager']);
  const [period, setPeriod] = useState(defaultPeriod);
  const [teamId, setTeamId] = useState<string | null>(null);
  const valid = period.from < period.to;
  const p = toPeriod(period);
  const mine = useRepScorecard(valid && !teamId ? me.id : undefined, p);
  const teams = useTeams();
  const team = useTeamScorecard(valid ? teamId : null, p);
  const shown = teamId ? team : mine;
  return (
    <Page title="Scorecard" heading={teamId ? 'Team scorecard' : 'My scorecard'}>
      <Group align="flex-end">
        <TextInput
          type="date"
          label="From"
          value={period.from}
          onChange={(e) => setPeriod({ ...period, from: e.currentTarget.value })}
        />
        <TextInput
          type="date"
          label="To (exclusive)"
          value={period.to}
          error={valid ? undefined : 'must be after From'}
          onChange={(e) => setPeriod({ ...period, to: e.currentTarget.value })}
        />
        {manager && (
          <Select
            label="Team"
            placeholder="My own"
            clearable
            value={teamId}
            onChange={setTeamId}
            data={(teams.data ?? []).map((t) => ({ value: t.id, label: t.name }))}
          />
        )}
      </Group>
      {shown.isError && <ErrorPanel error={shown.error} thing="scorecard" />}
      {shown.data && <Cards card={shown.data} label={teamId ? 'Team' : me.name} />}
    </Page>
  );
}

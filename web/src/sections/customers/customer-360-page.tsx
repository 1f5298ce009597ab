import { Grid, Skeleton, Stack } from '@mantine/core';
import { useParams } from 'wouter';
import { ApiError } from '../../api/client.ts';
import { ErrorPanel } from '../../ui/error-panel.tsx';
import { Page } from '../../ui/page.tsx';
import { useCustomer } from './api.ts';
import { CallGuide } from './call-guide.tsx';
import { ConsentPanel } from './consent-panel.tsx';
import { LogInteractionForm } from './log-interaction-form.tsx';
import { LoyaltyPanel } from './loyalty-panel.tsx';
import { OpenWork } from './open-work.tsx';
import { OwnerPicker } from './owner-picker.tsx';
import { ProfileSummary } from './profile-summary.tsx';
import { ReferralsPanel } from './referrals-panel.tsx';
import { RewardPreferencePanel } from './reward-preference-panel.tsx';
import { RewardsPanel } from './rewards-panel.tsx';
import { ScoresPanel } from './scores-panel.tsx';
import { StatsRow } from './stats-row.tsx';
import { TierPanel } from './tier-panel.tsx';
import { Timeline } from './timeline.tsx';

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const displayName = (c: {
  name: string | null;
  emails: string[];
  identities: { externalId: string }[];
}) => c.name ?? c.emails[0] ?? c.identities[0]?.externalId ?? 'Unnamed customer';

/** Customer 360: who they are, what happened, and what to say on the call right now. */
export function Customer360Page() {
  const { id = '' } = useParams<{ id: string }>();
  if (!UUID.test(id)) {
    return (
      <Page title="Customer not found">
        <ErrorPanel
          error={new ApiError(404, 'not_found', 'bad id')}
          thing="customer"
          title="Customer not found"
        />
      </Page>
    );
  }
  return <Customer360 key={id} id={id} />;
}

function Customer360({ id }: { id: string }) {
  const customer = useCustomer(id);
  if (customer.isPending) {
    return (
      <Stack aria-busy="true" aria-label="Loading customer">
        <Skeleton h={36} w="40%" />
        <Skeleton h={80} />
        <Skeleton h={400} />
      </Stack>
    );
  }
  if (customer.isError) {
    return (
      <Page title="Customer">
        <ErrorPanel error={customer.error} thing="customer" onRetry={() => customer.refetch()} />
      </Page>
    );
  }
  const c = customer.data;
  return (
    <Page title={displayName(c)} actions={<OwnerPicker customer={c} />}>
      <ProfileSummary customer={c} />
      <StatsRow customer={c} />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, lg: 7 }} order={{ base: 2, lg: 1 }}>
          <Stack gap="md">
            <ScoresPanel customer={c} />
            <Timeline customerId={c.id} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }} order={{ base: 1, lg: 2 }}>
          <Stack gap="md">
            <OpenWork customerId={c.id} />
            <TierPanel customerId={c.id} />
            <ConsentPanel customerId={c.id} />
            <LoyaltyPanel customerId={c.id} />
            <RewardsPanel customerId={c.id} />
            <ReferralsPanel customerId={c.id} />
            <RewardPreferencePanel customerId={c.id} />
            <CallGuide customer={c} />
            <LogInteractionForm customer={c} />
          </Stack>
        </Grid.Col>
      </Grid>
    </Page>
  );
}

// Mantine's chart styles load with this lazy chunk, not with the first screen a rep opens.
import '@mantine/charts/styles.css';
import { SimpleGrid } from '@mantine/core';
import { Page } from '../../ui/page.tsx';
import { AtRiskCustomersCard } from './charts/at-risk-customers.tsx';
import { ChurnReasonsCard } from './charts/churn-reasons.tsx';
import { CohortRetentionCard } from './charts/cohort-retention.tsx';
import { CsatTrendCard } from './charts/csat-trend.tsx';
import { NpsTrendCard } from './charts/nps-trend.tsx';
import { PlaybookUpliftCard } from './charts/playbook-uplift.tsx';
import { RetentionTrendCard } from './charts/retention-trend.tsx';
import { SaveRateCard } from './charts/save-rate.tsx';
import { SlaStatesCard } from './charts/sla-states.tsx';
import { SurvivalCurvesCard } from './charts/survival-curves.tsx';

/**
 * The managers' dashboards: each card is one chart with its numbers one click away (ChartCard),
 * fetching its own data so a slow or failing source holds up only its card. Keeping customers
 * first, then what they say, why they leave and how the team saves them.
 */
export function DashboardsPage() {
  return (
    <Page title="Dashboards">
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
        <RetentionTrendCard />
        <AtRiskCustomersCard />
        <NpsTrendCard />
        <CsatTrendCard />
        <ChurnReasonsCard />
        <SlaStatesCard />
        <SaveRateCard />
        <PlaybookUpliftCard />
        <SurvivalCurvesCard />
      </SimpleGrid>
      <CohortRetentionCard />
    </Page>
  );
}

// Mantine's chart styles load with this lazy chunk, as on the dashboards page: opened directly,
// the page would otherwise draw its chart without them (legend and tooltip unstyled).
import '@mantine/charts/styles.css';
import { BarChart } from '@mantine/charts';
import { Anchor, Stack, Text } from '@mantine/core';
import { Link } from 'wouter';
import { ChartCard, ChartImage, NumbersTable } from '../../ui/chart-card.tsx';
import { formatMoney } from '../../ui/format.ts';
import { Page } from '../../ui/page.tsx';
import { criterionValue, type TierDashboard, useTierDashboard } from './api.ts';

const pct = (x: number | null) => (x === null ? '–' : `${Math.round(x * 1000) / 10}%`);

/** Managers' tier dashboard: who is in which tier, how they move, stay and spend, who is close. */
export function TiersPage() {
  const q = useTierDashboard();
  return (
    <Page title="Tiers">
      <Stack gap="md">
        {q.data && <TierNumbers d={q.data} />}
        <ChartCard
          title="Moves per month"
          description="Customers moving to a higher tier (up) or a lower one, or out of the tiers (down), per month (UTC)."
          query={q}
          thing="the tier dashboard"
          isEmpty={(d) => d.tiers.length === 0}
          empty="No tiers yet: define them in Settings → Tiers."
          chart={(d) => (
            <ChartImage
              label={`Moves per month: ${d.months.map((m) => `${m.month} ${m.up} up, ${m.down} down`).join('; ')}`}
            >
              <BarChart
                h={220}
                data={d.months}
                dataKey="month"
                accessibilityLayer={false}
                withLegend
                series={[
                  { name: 'up', label: 'Up', color: 'blue.8' },
                  { name: 'down', label: 'Down', color: 'gray.7' },
                ]}
              />
            </ChartImage>
          )}
          numbers={(d) => (
            <NumbersTable
              label="Moves per month"
              head={['Month', 'Up', 'Down']}
              rows={d.months.map((m) => ({ key: m.month, cells: [m.month, m.up, m.down] }))}
            />
          )}
        />
        {q.data && <CloseList d={q.data} />}
      </Stack>
    </Page>
  );
}

function TierNumbers({ d }: { d: TierDashboard }) {
  return (
    <NumbersTable
      label="Tiers"
      head={[
        'Tier',
        'Members',
        `Revenue, 365 days (${d.currency})`,
        `Retention (members ${d.retentionDays} days ago, active in the last 30)`,
        'Close to it',
      ]}
      rows={d.tiers.map((t) => ({
        key: t.id,
        cells: [
          t.name,
          t.members.toLocaleString(),
          formatMoney(t.revenue365, d.currency),
          `${pct(t.retention.share)} of ${t.retention.members.toLocaleString()}`,
          t.close.toLocaleString(),
        ],
      }))}
    />
  );
}

function CloseList({ d }: { d: TierDashboard }) {
  if (d.close.length === 0)
    return <Text size="sm">Nobody is at 80% or more of the next tier up, as of the last evaluation.</Text>;
  return (
    <NumbersTable
      label="Close to the next tier"
      head={['Customer', 'Next tier', 'Now', 'Needed']}
      rows={d.close.map((c) => {
        const tier = d.tiers.find((t) => t.id === c.tierId);
        const say = (v: number) =>
          tier ? criterionValue(tier.criterion, tier.currency, v, formatMoney) : v.toLocaleString();
        return {
          key: c.customerId,
          cells: [
            <Anchor key="name" component={Link} href={`/customers/${c.customerId}`}>
              {c.name ?? 'Unnamed customer'}
            </Anchor>,
            c.tierName,
            say(c.value),
            say(c.threshold),
          ],
        };
      })}
    />
  );
}

import { BarsList } from '@mantine/charts';
import { Anchor, Text } from '@mantine/core';
import { Link } from 'wouter';
import { formatPercent, healthBand, healthBandLabel } from '../../../ui/bands.ts';
import { ChartCard, NumbersTable } from '../../../ui/chart-card.tsx';
import { formatMoney, humanize } from '../../../ui/format.ts';
import { AT_RISK_SHOWN, type AtRiskCustomer, useAtRiskCustomers } from '../at-risk-api.ts';

const nameOf = (c: AtRiskCustomer) => c.name ?? c.emails[0] ?? 'Unnamed customer';
const clvOf = (c: AtRiskCustomer) => formatMoney(c.scores.clv.minor, c.scores.clv.currency);
const healthOf = (c: AtRiskCustomer) =>
  c.scores.health === null ? '—' : `${c.scores.health} (${healthBandLabel[healthBand(c.scores.health)]})`;

export function AtRiskCustomersCard() {
  const atRisk = useAtRiskCustomers();
  return (
    <ChartCard
      title="At-risk customers by value"
      description={`The ${AT_RISK_SHOWN} most valuable customers with health under 40 or under a 30% chance of buying again.`}
      query={atRisk}
      thing="at-risk customers"
      isEmpty={(d) => d.length === 0}
      empty="No data yet: customers appear here once a scoring run finds valuable ones at risk (health under 40 or a low chance of buying again)."
      chart={(d) => <AtRiskBars customers={d} />}
      numbers={(d) => <AtRiskNumbers customers={d} />}
    />
  );
}

/** One bar per customer, as long as their lifetime value; each bar opens the customer's 360. */
function AtRiskBars({ customers }: { customers: AtRiskCustomer[] }) {
  const byId = new Map(customers.map((c) => [c.id, c]));
  return (
    <div>
      <BarsList
        role="group"
        aria-label="At-risk customers, most valuable first"
        barsLabel="Customer"
        valueLabel="Lifetime value"
        barColor="red"
        barHeight={28}
        styles={{ barLabel: { whiteSpace: 'nowrap' } }}
        data={customers.map((c) => ({ name: nameOf(c), value: c.scores.clv.minor, id: c.id }))}
        valueFormatter={(v) => formatMoney(v, customers[0]?.scores.clv.currency ?? 'EUR')}
        renderBar={(bar, node) => {
          const c = byId.get((bar as typeof bar & { id: string }).id);
          if (!c) return node;
          return (
            <Anchor
              component={Link}
              href={`/customers/${c.id}`}
              underline="never"
              c="inherit"
              display="block"
              aria-label={`${nameOf(c)}: lifetime value ${clvOf(c)}, health ${healthOf(c)}, chance of buying again ${formatPercent(c.scores.pAlive)}`}
            >
              {node}
            </Anchor>
          );
        }}
      />
      <Text size="xs" c="dimmed" mt={4}>
        Lifetime value: expected spend over the scoring horizon. Open a customer to act on it.
      </Text>
    </div>
  );
}

function AtRiskNumbers({ customers }: { customers: AtRiskCustomer[] }) {
  return (
    <NumbersTable
      label="At-risk customers by value"
      head={['Customer', 'Lifetime value', 'Health', 'Chance of buying again', 'Churn risk', 'Status']}
      rows={customers.map((c) => ({
        key: c.id,
        cells: [
          <Anchor key="name" component={Link} href={`/customers/${c.id}`}>
            {nameOf(c)}
          </Anchor>,
          clvOf(c),
          healthOf(c),
          formatPercent(c.scores.pAlive),
          formatPercent(c.scores.churnProbability),
          humanize(c.status),
        ],
      }))}
    />
  );
}

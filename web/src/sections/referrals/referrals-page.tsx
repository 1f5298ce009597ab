// Mantine's chart styles load with this lazy chunk, as on the dashboards page: opened directly,
// the page would otherwise draw its chart without them (legend and tooltip unstyled).
import '@mantine/charts/styles.css';
import { LineChart } from '@mantine/charts';
import { SimpleGrid, Stack, Text } from '@mantine/core';
import { ChartCard, ChartImage, NumbersTable } from '../../ui/chart-card.tsx';
import { formatMoney } from '../../ui/format.ts';
import { Page } from '../../ui/page.tsx';
import { type ReferralReport, useReferralReport } from './api.ts';

type Group = ReferralReport['groups'][number];
const LABEL: Record<string, string> = { referred: 'Referred', 'not-referred': 'Not referred' };
const pct = (x: number | null | undefined) =>
  x === null || x === undefined ? '–' : `${Math.round(x * 1000) / 10}%`;

/** Survival of each group at every month up to the longest observed (step function). */
function curveRows(groups: Group[]) {
  const last = Math.max(0, ...groups.flatMap((g) => g.curve.points.map((p) => p.time)));
  return Array.from({ length: last + 1 }, (_, month) => {
    const row: Record<string, number | string> = { month: String(month) };
    for (const g of groups) {
      let s = 1;
      for (const p of g.curve.points) if (p.time <= month) s = p.survival;
      row[g.group] = Math.round(s * 1000) / 10;
    }
    return row;
  });
}

/** Managers' referral dashboard: do referred customers stay longer, on this data? */
export function ReferralsPage() {
  const report = useReferralReport();
  return (
    <Page title="Referrals">
      <Stack gap="md">
        {report.data && (
          <Text role="status" aria-label="Verdict">
            {report.data.verdict}
          </Text>
        )}
        <ChartCard
          title="Retention: referred vs not referred"
          description="Kaplan–Meier share of customers still with you, by months since first seen (churn as insight defines it), censored at the last scoring run."
          query={report}
          thing="the referral report"
          isEmpty={(d) => d.groups.length === 0}
          empty="No data yet: the curves appear once customers exist and a scoring run has dated them."
          chart={(d) => (
            <ChartImage
              label={`Retention by month: ${d.groups
                .map(
                  (g) =>
                    `${LABEL[g.group] ?? g.group} ${g.customers} customers, ${pct(g.at[0]?.survival)} at 3 months`,
                )
                .join('; ')}`}
            >
              <LineChart
                h={240}
                data={curveRows(d.groups)}
                dataKey="month"
                curveType="stepAfter"
                accessibilityLayer={false}
                withLegend
                series={d.groups.map((g, i) => ({
                  name: g.group,
                  label: LABEL[g.group] ?? g.group,
                  color: i === 0 ? 'gray.7' : 'blue.8',
                }))}
                valueFormatter={(v) => `${v}%`}
              />
            </ChartImage>
          )}
          numbers={(d) => <GroupNumbers report={d} />}
        />
        {report.data && (
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <GroupNumbers report={report.data} />
          </SimpleGrid>
        )}
      </Stack>
    </Page>
  );
}

function GroupNumbers({ report }: { report: ReferralReport }) {
  const money = (m: number | null) =>
    m === null || !report.currency ? '–' : formatMoney(Math.round(m), report.currency);
  return (
    <NumbersTable
      label="Referral groups"
      head={[
        'Group',
        'Customers',
        'Left',
        'At 3 months',
        'At 12 months',
        'Scored',
        'Mean P(alive)',
        'Mean CLV',
      ]}
      rows={report.groups.map((g) => ({
        key: g.group,
        cells: [
          LABEL[g.group] ?? g.group,
          g.customers,
          g.left,
          pct(g.at.find((a) => a.months === 3)?.survival),
          pct(g.at.find((a) => a.months === 12)?.survival),
          g.scored,
          pct(g.meanPAlive),
          money(g.meanClvMinor),
        ],
      }))}
    />
  );
}

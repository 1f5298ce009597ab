import { Box, Group, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import type { Case } from '../../api/types.ts';
import { formatMoney, humanize } from '../../ui/format.ts';
import { Page } from '../../ui/page.tsx';
import { dueAt } from '../my-work/api.ts';
import {
  type ChurnReasons,
  type Cohort,
  type FeedbackSummary,
  type LoopReport,
  type NpsPoint,
  useChurnReasons,
  useCohorts,
  useLoopReport,
  useNpsSummary,
  useOpenCases,
} from './api.ts';
import { ChartCard, NumbersTable } from './chart-card.tsx';

const pct = (x: number | null | undefined, digits = 0): string =>
  x === null || x === undefined ? '–' : `${(x * 100).toFixed(digits)}%`;

const monthLabel = (period: string): string => {
  const d = new Date(period.length === 7 ? `${period}-01T00:00:00Z` : period);
  if (Number.isNaN(d.getTime())) return period;
  return d.toLocaleDateString('en-GB', { month: 'short', year: 'numeric', timeZone: 'UTC' });
};

export function DashboardsPage() {
  const summary = useNpsSummary();
  const reasons = useChurnReasons();
  const cohorts = useCohorts();
  const report = useLoopReport();
  const cases = useOpenCases();
  return (
    <Page title="Dashboards">
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
        <ChartCard
          title="NPS trend"
          description="Net Promoter Score by month, with its 95% interval."
          query={summary}
          thing="feedback summary"
          isEmpty={(d) => npsPoints(d).length === 0}
          empty="No data yet: NPS appears here once customers answer an NPS survey."
          chart={(d) => <NpsChart points={npsPoints(d)} />}
          numbers={(d) => <NpsNumbers points={npsPoints(d)} />}
        />
        <ChartCard
          title="Why customers leave"
          description="Churn reasons from every source, ranked by churned customers (last 12 months)."
          query={reasons}
          thing="churn reasons"
          isEmpty={(d) => d.reasons.length === 0}
          empty="No data yet: reasons appear once churned customers give one (surveys, cases, exit notes)."
          chart={(d) => <ReasonsChart d={d} />}
          numbers={(d) => <ReasonsNumbers d={d} />}
        />
        <ChartCard
          title="Open cases by SLA state"
          description="Open and snoozed cases, by how they stand against their deadline."
          query={cases}
          thing="cases"
          isEmpty={(d) => d.cases.length === 0}
          empty="No data yet: there are no open cases."
          chart={(d) => <SlaChart states={slaStates(d.cases)} more={d.more} />}
          numbers={(d) => <SlaNumbers states={slaStates(d.cases)} />}
        />
        <ChartCard
          title="Save rate by root cause and playbook"
          description="Share of resolved cases that were saved, in the last 365 days."
          query={report}
          thing="loop report"
          isEmpty={(d) => d.rows.length === 0}
          empty="No data yet: save rates appear once cases are resolved."
          chart={(d) => <SaveRateMatrix d={d} />}
          numbers={(d) => <SaveRateNumbers d={d} />}
        />
      </SimpleGrid>
      <ChartCard
        title="Cohort retention"
        description="Share of each month's new customers still active N months later."
        query={cohorts}
        thing="cohorts"
        isEmpty={(d) => d.length === 0}
        empty="No data yet: cohorts appear after the first insight scoring run."
        chart={(d) => <CohortHeatMap cohorts={d} />}
        numbers={(d) => <CohortNumbers cohorts={d} />}
      />
    </Page>
  );
}

/* ----- NPS trend ----- */

const npsPoints = (d: FeedbackSummary): NpsPoint[] =>
  (d.nps?.series ?? []).filter((p) => p.n > 0 && p.value !== null);

function NpsChart({ points }: { points: NpsPoint[] }) {
  const W = 560;
  const H = 220;
  const pad = { l: 40, r: 16, t: 12, b: 28 };
  const x = (i: number) =>
    points.length === 1 ? (pad.l + W - pad.r) / 2 : pad.l + (i * (W - pad.l - pad.r)) / (points.length - 1);
  const y = (v: number) => pad.t + ((100 - v) * (H - pad.t - pad.b)) / 200;
  const line = points.map((p, i) => `${i ? 'L' : 'M'}${x(i)},${y(p.value ?? 0)}`).join(' ');
  const withCi = points.map((p, i) => ({ i, ci: p.ci })).filter((p) => p.ci !== null);
  const band =
    withCi.length > 1
      ? `${withCi.map((p) => `${x(p.i)},${y(p.ci?.high ?? 0)}`).join(' ')} ${withCi
          .toReversed()
          .map((p) => `${x(p.i)},${y(p.ci?.low ?? 0)}`)
          .join(' ')}`
      : null;
  const last = points[points.length - 1];
  const step = Math.max(1, Math.ceil(points.length / 8));
  return (
    <Box>
      {last && (
        <Text size="sm" mb={4}>
          Latest: <b>{Math.round(last.value ?? 0)}</b> in {monthLabel(last.period)} from {last.n} answers
          {last.smallSample ? ' (small sample)' : ''}
        </Text>
      )}
      <svg
        viewBox={`0 0 ${W} ${H}`}
        width="100%"
        role="img"
        aria-label={`NPS by month: ${points.map((p) => `${monthLabel(p.period)} ${Math.round(p.value ?? 0)}`).join(', ')}`}
      >
        {[-100, -50, 0, 50, 100].map((v) => (
          <g key={v}>
            <line
              x1={pad.l}
              x2={W - pad.r}
              y1={y(v)}
              y2={y(v)}
              stroke={v === 0 ? '#868e96' : '#dee2e6'}
              strokeDasharray={v === 0 ? undefined : '3 3'}
            />
            <text x={pad.l - 6} y={y(v) + 4} textAnchor="end" fontSize="11" fill="#495057">
              {v}
            </text>
          </g>
        ))}
        {band && <polygon points={band} fill="#1c7ed6" opacity={0.12} />}
        <path d={line} fill="none" stroke="#1864ab" strokeWidth={2.5} />
        {points.map((p, i) => (
          <g key={p.period}>
            <circle
              cx={x(i)}
              cy={y(p.value ?? 0)}
              r={4}
              fill={p.smallSample ? '#fff' : '#1864ab'}
              stroke="#1864ab"
              strokeWidth={2}
            />
            {i % step === 0 || i === points.length - 1 ? (
              <text
                x={x(i)}
                y={H - 8}
                textAnchor={
                  points.length > 1 && i === 0
                    ? 'start'
                    : points.length > 1 && i === points.length - 1
                      ? 'end'
                      : 'middle'
                }
                fontSize="11"
                fill="#495057"
              >
                {monthLabel(p.period)}
              </text>
            ) : null}
          </g>
        ))}
      </svg>
      <Text size="xs" c="dimmed">
        Hollow points: fewer than 30 answers. Band: 95% interval.
      </Text>
    </Box>
  );
}

function NpsNumbers({ points }: { points: NpsPoint[] }) {
  return (
    <NumbersTable
      label="NPS by month"
      head={['Month', 'Answers', 'NPS', '95% interval', 'Promoters', 'Passives', 'Detractors']}
      rows={points.map((p) => ({
        key: p.period,
        cells: [
          monthLabel(p.period),
          p.n,
          Math.round(p.value ?? 0),
          p.ci ? `${Math.round(p.ci.low)} to ${Math.round(p.ci.high)}` : '–',
          p.promoters ?? '–',
          p.passives ?? '–',
          p.detractors ?? '–',
        ],
      }))}
    />
  );
}

/* ----- Churn reasons ----- */

function Bar({
  label,
  value,
  max,
  color,
  note,
}: {
  label: string;
  value: number;
  max: number;
  color: string;
  note: string;
}) {
  return (
    <div>
      <Group justify="space-between" gap="xs" wrap="nowrap">
        <Text size="sm" truncate>
          {label}
        </Text>
        <Text size="sm" c="dimmed" style={{ flexShrink: 0 }}>
          {note}
        </Text>
      </Group>
      <Box
        h={14}
        bg="var(--mantine-color-gray-1)"
        style={{ borderRadius: 4, overflow: 'hidden' }}
        aria-hidden="true"
      >
        <Box h="100%" w={`${max ? (value / max) * 100 : 0}%`} bg={color} style={{ borderRadius: 4 }} />
      </Box>
    </div>
  );
}

function ReasonsChart({ d }: { d: ChurnReasons }) {
  const top = d.reasons.slice(0, 8);
  const max = Math.max(...top.map((r) => r.customers));
  return (
    <Stack gap={4}>
      <Stack gap={8} component="ul" p={0} m={0} aria-label="Churn reasons">
        {top.map((r) => (
          <li style={{ listStyle: 'none' }} key={r.reason}>
            <Bar
              label={humanize(r.reason)}
              value={r.customers}
              max={max}
              color="var(--mantine-color-red-7)"
              note={`${r.customers} customers · ${pct(r.valueShare)} of lost value`}
            />
          </li>
        ))}
      </Stack>
      {d.reasons.length > top.length && (
        <Text size="xs" c="dimmed">
          And {d.reasons.length - top.length} more in the numbers.
        </Text>
      )}
    </Stack>
  );
}

function ReasonsNumbers({ d }: { d: ChurnReasons }) {
  return (
    <NumbersTable
      label="Churn reasons"
      head={['Reason', 'Customers', 'Share of churned', 'Churned value', 'Share of value', 'Sources']}
      rows={d.reasons.map((r) => ({
        key: r.reason,
        cells: [
          humanize(r.reason),
          r.customers,
          pct(r.customerShare),
          d.currency ? formatMoney(r.churnedValueMinor, d.currency) : r.churnedValueMinor,
          pct(r.valueShare),
          Object.entries(r.sources)
            .map(([s, n]) => `${humanize(s)} ${n}`)
            .join(', '),
        ],
      }))}
    />
  );
}

/* ----- Open cases by SLA state ----- */

type SlaState = { key: string; label: string; color: string; count: number };

function slaStates(cases: Case[], now = Date.now()): SlaState[] {
  const soon = now + 24 * 3_600_000;
  const counts = { overdue: 0, soon: 0, onTrack: 0, snoozed: 0, none: 0 };
  for (const c of cases) {
    const due = dueAt(c);
    if (c.overdue) counts.overdue++;
    else if (c.status === 'snoozed') counts.snoozed++;
    else if (!due) counts.none++;
    else if (Date.parse(due) <= soon) counts.soon++;
    else counts.onTrack++;
  }
  return [
    { key: 'overdue', label: 'Overdue', color: 'var(--mantine-color-red-7)', count: counts.overdue },
    { key: 'soon', label: 'Due within 24 hours', color: 'var(--mantine-color-orange-7)', count: counts.soon },
    { key: 'on-track', label: 'On track', color: 'var(--mantine-color-green-8)', count: counts.onTrack },
    { key: 'snoozed', label: 'Snoozed', color: 'var(--mantine-color-gray-6)', count: counts.snoozed },
    { key: 'none', label: 'No deadline', color: 'var(--mantine-color-gray-5)', count: counts.none },
  ];
}

function SlaChart({ states, more }: { states: SlaState[]; more: boolean }) {
  const total = states.reduce((s, x) => s + x.count, 0);
  const max = Math.max(...states.map((s) => s.count));
  return (
    <Stack gap={4}>
      <Stack gap={8} component="ul" p={0} m={0} aria-label="Open cases by SLA state">
        {states.map((s) => (
          <li style={{ listStyle: 'none' }} key={s.key}>
            <Bar
              label={s.label}
              value={s.count}
              max={max}
              color={s.color}
              note={`${s.count} · ${pct(s.count / total)}`}
            />
          </li>
        ))}
      </Stack>
      <Text size="xs" c="dimmed">
        {total} open cases{more ? ' (the first 200; there are more)' : ''}.
      </Text>
    </Stack>
  );
}

function SlaNumbers({ states }: { states: SlaState[] }) {
  const total = states.reduce((s, x) => s + x.count, 0);
  return (
    <NumbersTable
      label="Open cases by SLA state"
      head={['SLA state', 'Cases', 'Share']}
      rows={states.map((s) => ({ key: s.key, cells: [s.label, s.count, pct(s.count / total)] }))}
    />
  );
}

/* ----- Heat-map cells (save rate, cohorts) ----- */

/** A blue scale whose text colour keeps WCAG AA contrast on every shade. */
function heat(r: number): { background: string; color: string } {
  const a = 0.08 + 0.8 * Math.min(1, Math.max(0, r));
  return { background: `rgba(20, 60, 130, ${a.toFixed(2)})`, color: a >= 0.7 ? '#fff' : '#000' };
}

function SaveRateMatrix({ d }: { d: LoopReport }) {
  const causes = [...new Set(d.rows.map((r) => r.rootCause))];
  const playbooks = [...new Set(d.rows.map((r) => r.playbook))];
  const cell = (c: string, p: string) => d.rows.find((r) => r.rootCause === c && r.playbook === p);
  return (
    <Table.ScrollContainer minWidth={360}>
      <Table withTableBorder withColumnBorders fz="sm" aria-label="Save rate by root cause and playbook">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Root cause</Table.Th>
            {playbooks.map((p) => (
              <Table.Th key={p} ta="center">
                {humanize(p)}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {causes.map((c) => (
            <Table.Tr key={c}>
              <Table.Th scope="row" fw={500}>
                {humanize(c)}
              </Table.Th>
              {playbooks.map((p) => {
                const r = cell(c, p);
                return (
                  <Table.Td
                    key={p}
                    ta="center"
                    style={r && r.saveRate !== null ? heat(r.saveRate) : undefined}
                  >
                    {r ? `${pct(r.saveRate)} · ${r.cases}` : ''}
                  </Table.Td>
                );
              })}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Text size="xs" c="dimmed" mt={4}>
        Each cell: save rate · cases. Darker is better.
      </Text>
    </Table.ScrollContainer>
  );
}

function SaveRateNumbers({ d }: { d: LoopReport }) {
  return (
    <NumbersTable
      label="Save rate numbers"
      head={[
        'Root cause',
        'Playbook',
        'Cases',
        'Save rate',
        'SLA met',
        'Median first contact',
        'Retained 90 days',
      ]}
      rows={d.rows.map((r) => ({
        key: `${r.rootCause}|${r.playbook}`,
        cells: [
          humanize(r.rootCause),
          humanize(r.playbook),
          r.cases,
          pct(r.saveRate),
          pct(r.sla.compliance),
          r.firstContact.medianMinutes === null ? '–' : `${Math.round(r.firstContact.medianMinutes)} min`,
          pct(r.after90d.retentionRate),
        ],
      }))}
    />
  );
}

/* ----- Cohort retention ----- */

function CohortHeatMap({ cohorts }: { cohorts: Cohort[] }) {
  const months = Math.max(...cohorts.map((c) => c.retention.length));
  const cols = Array.from({ length: months }, (_, i) => i);
  return (
    <Table.ScrollContainer minWidth={480}>
      <Table withTableBorder withColumnBorders fz="xs" aria-label="Cohort retention heat map">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Cohort</Table.Th>
            <Table.Th ta="right">Customers</Table.Th>
            {cols.map((m) => (
              <Table.Th key={m} ta="center">
                M{m}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {cohorts.map((c) => (
            <Table.Tr key={c.cohort}>
              <Table.Th scope="row" fw={500}>
                {monthLabel(c.cohort)}
              </Table.Th>
              <Table.Td ta="right">{c.customers}</Table.Td>
              {cols.map((m) => {
                const r = c.retention[m];
                return (
                  <Table.Td key={m} ta="center" style={r === undefined ? undefined : heat(r)}>
                    {r === undefined ? '' : pct(r)}
                  </Table.Td>
                );
              })}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function CohortNumbers({ cohorts }: { cohorts: Cohort[] }) {
  const months = Math.max(...cohorts.map((c) => c.retention.length));
  return (
    <NumbersTable
      label="Cohort retention numbers"
      head={['Cohort', 'Customers', ...Array.from({ length: months }, (_, i) => `Month ${i}`)]}
      rows={cohorts.map((c) => ({
        key: c.cohort,
        cells: [
          monthLabel(c.cohort),
          c.customers,
          ...Array.from({ length: months }, (_, i) => pct(c.retention[i], 1)),
        ],
      }))}
    />
  );
}

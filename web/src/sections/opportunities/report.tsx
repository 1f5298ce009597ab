import { Anchor, Group, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'wouter';
import { ErrorPanel } from '../../ui/error-panel.tsx';
import { formatDate, formatMoney } from '../../ui/format.ts';
import { CustomerLink } from '../my-work/bits.tsx';
import { useTeams } from '../settings/api.ts';
import { type RevenueReport, useRevenueReport } from './api.ts';

type Money = RevenueReport['total']['revenue'];
const money = (m: Money) => (m.length ? m.map((r) => formatMoney(r.minor, r.currency)).join(' + ') : '—');

const day = (d: Date) => d.toISOString().slice(0, 10);
function thisQuarter() {
  const now = new Date();
  const q = Math.floor(now.getUTCMonth() / 3) * 3;
  return {
    from: day(new Date(Date.UTC(now.getUTCFullYear(), q, 1))),
    to: day(new Date(Date.UTC(now.getUTCFullYear(), q + 3, 1))),
  };
}

/**
 * Service-originated revenue per rep and team over a period (by conversion date), and the won
 * opportunities behind it: pick a rep to see only theirs.
 */
export function RevenueReportView() {
  const [period, setPeriod] = useState(thisQuarter);
  const [teamId, setTeamId] = useState<string | null>(null);
  const [repId, setRepId] = useState<string | null>(null);
  const teams = useTeams();
  const valid = period.from < period.to;
  const report = useRevenueReport({
    from: `${period.from}T00:00:00Z`,
    to: `${valid ? period.to : day(new Date(Date.parse(period.from) + 86_400_000))}T00:00:00Z`,
    ...(teamId ? { teamId } : {}),
    ...(repId ? { repId } : {}),
  });
  const r = report.data;
  return (
    <Stack gap="md">
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
        <Select
          label="Team"
          placeholder="All teams"
          clearable
          value={teamId}
          onChange={setTeamId}
          data={(teams.data ?? []).map((t) => ({ value: t.id, label: t.name }))}
        />
      </Group>
      {report.isError && <ErrorPanel error={report.error} thing="revenue report" />}
      {r && (
        <>
          <Text>
            Service-originated revenue: <strong>{money(r.total.revenue)}</strong> from {r.total.won} won of{' '}
            {r.total.flagged} flagged ({r.total.lost} lost).
          </Text>
          <Table striped withTableBorder aria-label="Revenue per rep">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Rep</Table.Th>
                <Table.Th ta="right">Flagged</Table.Th>
                <Table.Th ta="right">Won</Table.Th>
                <Table.Th ta="right">Lost</Table.Th>
                <Table.Th ta="right">Revenue</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {r.reps.map((p) => (
                <Table.Tr key={p.repId}>
                  <Table.Td>
                    <Anchor
                      component="button"
                      type="button"
                      onClick={() => setRepId(repId === p.repId ? null : p.repId)}
                    >
                      {p.name}
                    </Anchor>
                  </Table.Td>
                  <Table.Td ta="right">{p.flagged}</Table.Td>
                  <Table.Td ta="right">{p.won}</Table.Td>
                  <Table.Td ta="right">{p.lost}</Table.Td>
                  <Table.Td ta="right">{money(p.revenue)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Table withTableBorder aria-label="Revenue per team">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Team</Table.Th>
                <Table.Th ta="right">Won</Table.Th>
                <Table.Th ta="right">Revenue</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {r.teams.map((t) => (
                <Table.Tr key={t.teamId ?? 'none'}>
                  <Table.Td>{t.name}</Table.Td>
                  <Table.Td ta="right">{t.won}</Table.Td>
                  <Table.Td ta="right">{money(t.revenue)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Title order={2} size="h4">
            {repId
              ? `Won by ${r.reps.find((p) => p.repId === repId)?.name ?? 'this rep'}`
              : 'Won opportunities'}
          </Title>
          <Table withTableBorder aria-label="Won opportunities">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Customer</Table.Th>
                <Table.Th>Interest</Table.Th>
                <Table.Th>Found on</Table.Th>
                <Table.Th>Won</Table.Th>
                <Table.Th ta="right">Revenue</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {r.won.map((o) => (
                <Table.Tr key={o.id}>
                  <Table.Td>
                    <CustomerLink id={o.customerId} name={o.customerName} />
                  </Table.Td>
                  <Table.Td>{o.interest}</Table.Td>
                  <Table.Td>
                    {o.caseId ? (
                      <Anchor component={Link} href={`/my-work/cases/${o.caseId}`}>
                        a case
                      </Anchor>
                    ) : (
                      `a call (${formatDate(o.flaggedAt)})`
                    )}
                  </Table.Td>
                  <Table.Td>{formatDate(o.won?.at)}</Table.Td>
                  <Table.Td ta="right">
                    {o.won ? formatMoney(o.won.amountMinor, o.won.currency) : ''}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </>
      )}
    </Stack>
  );
}

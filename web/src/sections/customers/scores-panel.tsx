import { Badge, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { paths } from '../../api/schema';
import type { Customer360 } from '../../api/types.ts';
import { formatPercent, healthBand, healthBandColor, healthBandLabel } from '../../ui/bands.ts';
import { formatDate, formatMoney, formatRelative } from '../../ui/format.ts';
import { Stat } from './stats-row.tsx';
import { useLatestAnswers } from './work-api.ts';

/** The 360 carries the insight module's scores untyped (modules stay apart); this is their shape. */
type Scores =
  paths['/api/v1/insight/customers/{id}/scores']['get']['responses'][200]['content']['application/json'];

const signed = (n: number) => `${n > 0 ? '+' : n < 0 ? '−' : '±'}${Math.abs(Math.round(n))}`;

/** Health over the last 90 days as a small line; the numbers are in its accessible label. */
function Sparkline({ history }: { history: Scores['history'] }) {
  const points = history.filter((h): h is { on: string; health: number } => h.health !== null);
  if (points.length < 2) return null;
  const w = 160;
  const h = 36;
  const x = (i: number) => (i / (points.length - 1)) * w;
  const y = (v: number) => h - (v / 100) * h;
  const first = points[0] as { on: string; health: number };
  const last = points.at(-1) as { on: string; health: number };
  return (
    <svg
      width={w}
      height={h}
      role="img"
      aria-label={`Health went from ${first.health} on ${formatDate(first.on)} to ${last.health} on ${formatDate(last.on)}`}
    >
      <polyline
        fill="none"
        stroke="var(--mantine-color-blue-6)"
        strokeWidth={2}
        points={points.map((p, i) => `${x(i)},${y(p.health)}`).join(' ')}
      />
    </svg>
  );
}

function LatestAnswers({ customerId }: { customerId: string }) {
  const answers = useLatestAnswers(customerId);
  if (!answers.data?.length) return null;
  return (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        Latest answers
      </Text>
      <Stack gap={4} mt={4} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {answers.data.map((a) => (
          <li key={a.id}>
            <Text size="sm">
              <strong>{a.subject ?? 'Survey answer'}</strong> · {formatRelative(a.occurredAt)}
            </Text>
            {a.body && (
              <Text size="sm" c="dimmed" className="clamp-3">
                “{a.body}”
              </Text>
            )}
          </li>
        ))}
      </Stack>
    </div>
  );
}

/** Health and what moved it, P(alive), CLV and churn risk with its drivers, and the latest answers. */
export function ScoresPanel({ customer: c }: { customer: Customer360 }) {
  const s = (c.scores ?? null) as Scores | null;
  const band = s?.health != null ? healthBand(s.health) : null;
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="scores-heading">
      <Stack gap="sm">
        <Group justify="space-between" align="baseline">
          <Title order={2} size="h4" id="scores-heading">
            Health and outlook
          </Title>
          {s && (
            <Text size="xs" c="dimmed">
              scored {formatRelative(s.scoredAt)}
            </Text>
          )}
        </Group>
        {!s ? (
          <Text size="sm" c="dimmed">
            Not scored yet. Scores are worked out every night, or at once with <code>tenure score</code>.
          </Text>
        ) : (
          <>
            <Group align="flex-start" gap="xl" wrap="wrap">
              <Group align="center" gap="lg" wrap="nowrap">
                <div>
                  <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
                    Health
                  </Text>
                  <Group gap="xs" align="baseline">
                    <Text fw={800} fz={32} lh={1}>
                      {s.health ?? '—'}
                    </Text>
                    {band && (
                      <Badge color={healthBandColor[band]} variant="light">
                        {healthBandLabel[band]}
                      </Badge>
                    )}
                  </Group>
                </div>
                <Sparkline history={s.history} />
              </Group>
              <SimpleGrid cols={3} spacing="lg" style={{ flex: '1 1 20rem' }}>
                {s.purchaseModel === 'nbd' ? (
                  // No evidence of dropout in the data: P(alive) is 1 for everyone and would contradict
                  // the churn risk, which does see how long the customer has been quiet.
                  <Stat
                    boxed={false}
                    label="Still a customer"
                    value={s.churnProbability !== null ? formatPercent(1 - s.churnProbability) : '—'}
                    hint="from recency: the purchase data show no dropout"
                  />
                ) : (
                  <Stat
                    boxed={false}
                    label="Still a customer"
                    value={formatPercent(s.pAlive)}
                    hint={s.lapsed ? 'lapsed: worth a win-back' : 'P(alive)'}
                  />
                )}
                <Stat
                  boxed={false}
                  label="Lifetime value"
                  value={s.clv ? formatMoney(s.clv.minor, s.clv.currency) : '—'}
                  hint={
                    s.expectedPurchases !== null
                      ? `${s.expectedPurchases.toFixed(1)} purchases expected`
                      : undefined
                  }
                />
                <Stat
                  boxed={false}
                  label="Churn risk"
                  value={formatPercent(s.churnProbability)}
                  hint={s.churnDrivers[0] ? `mostly: ${s.churnDrivers[0].label}` : undefined}
                />
              </SimpleGrid>
            </Group>
            {s.movedBy.length > 0 && (
              <div>
                <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
                  What moved it (30 days)
                </Text>
                <Stack gap={2} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
                  {s.movedBy.slice(0, 4).map((m) => (
                    <Text key={m.key} size="sm" component="li">
                      <Text span fw={700} c={m.points < 0 ? 'red.8' : 'green.8'}>
                        {signed(m.points)}
                      </Text>{' '}
                      {m.label}
                    </Text>
                  ))}
                </Stack>
              </div>
            )}
            <details>
              <summary>
                <Text span size="sm" fw={600}>
                  Why this score
                </Text>
              </summary>
              <Stack gap={6} mt="xs" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
                {s.components.map((k) => (
                  <li key={k.key}>
                    <Text size="sm">
                      <strong>{k.label}</strong>: {k.score === null ? 'no data' : Math.round(k.score)} ·{' '}
                      {Math.round(k.weight * 100)}% of the score
                    </Text>
                    <Text size="xs" c="dimmed">
                      {k.detail}
                    </Text>
                  </li>
                ))}
              </Stack>
            </details>
          </>
        )}
        <LatestAnswers customerId={c.id} />
      </Stack>
    </Paper>
  );
}

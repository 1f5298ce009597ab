import { Badge, Button, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { describeError } from '../../api/errors.ts';
import { useStaffById } from '../../api/staff.ts';
import { formatDate, formatMoney, humanize } from '../../ui/format.ts';
import { CustomerLink } from '../my-work/bits.tsx';
import { type Opportunity, STAGES, type Stage, useMoveOpportunity } from './api.ts';

/** The moves a person may make from each stage (won comes only from a purchase). */
const MOVES: Record<Stage, { to: 'open' | 'qualified' | 'lost'; label: string }[]> = {
  open: [
    { to: 'qualified', label: 'Qualify' },
    { to: 'lost', label: 'Lost' },
  ],
  qualified: [{ to: 'lost', label: 'Lost' }],
  lost: [{ to: 'open', label: 'Reopen' }],
  won: [],
};

function OpportunityCard({ o }: { o: Opportunity }) {
  const staffById = useStaffById();
  const move = useMoveOpportunity();
  return (
    <Paper withBorder radius="sm" p="xs" component="li" aria-label={`Opportunity: ${o.interest}`}>
      <Stack gap={2}>
        <Text size="sm" fw={600}>
          {o.interest}
        </Text>
        <Text size="sm">
          <CustomerLink id={o.customerId} name={o.customerName} />
        </Text>
        <Text size="xs" c="dimmed">
          {formatMoney(o.valueMinor, o.currency)} estimated · {staffById.get(o.repId)?.name ?? 'a colleague'}{' '}
          · {o.caseId ? 'from a case' : 'from a call'} · {formatDate(o.flaggedAt)}
        </Text>
        {o.won ? (
          <Text size="xs" c="green">
            Won {formatDate(o.won.at)}: {formatMoney(o.won.amountMinor, o.won.currency)}
          </Text>
        ) : (
          o.stage !== 'lost' && (
            <Text size="xs" c="dimmed">
              Converts on a matching purchase until {formatDate(o.windowEndsAt)}
              {o.product ? ` (product ${o.product})` : ''}
            </Text>
          )
        )}
        {MOVES[o.stage].length > 0 && (
          <Group gap="xs" mt={4}>
            {MOVES[o.stage].map((m) => (
              <Button
                key={m.to}
                size="compact-xs"
                variant="light"
                loading={move.isPending && move.variables?.stage === m.to}
                onClick={() =>
                  move.mutate(
                    { id: o.id, stage: m.to },
                    {
                      onError: (err) =>
                        notifications.show({ color: 'red', title: 'Not moved', message: describeError(err) }),
                    },
                  )
                }
              >
                {m.label}
              </Button>
            ))}
          </Group>
        )}
      </Stack>
    </Paper>
  );
}

/** Opportunities in one column per stage. */
export function Board({ items }: { items: Opportunity[] }) {
  return (
    <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }}>
      {STAGES.map((s) => {
        const inStage = items.filter((o) => o.stage === s);
        return (
          <Stack key={s} gap="xs" component="section" aria-labelledby={`stage-${s}`}>
            <Group gap="xs">
              <Title order={2} size="h5" id={`stage-${s}`}>
                {humanize(s)}
              </Title>
              <Badge variant="light" size="sm">
                {inStage.length}
              </Badge>
            </Group>
            <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
              {inStage.map((o) => (
                <OpportunityCard key={o.id} o={o} />
              ))}
            </Stack>
            {inStage.length === 0 && (
              <Text size="sm" c="dimmed">
                None.
              </Text>
            )}
          </Stack>
        );
      })}
    </SimpleGrid>
  );
}

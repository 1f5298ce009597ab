import { Button, Group, Paper, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { ErrorPanel } from '../../ui/error-panel.tsx';
import { formatMoney } from '../../ui/format.ts';
import { criterionValue, type Tier, useTiers } from '../tiers/api.ts';
import { TierForm } from './tier-form.tsx';

const DOWNGRADE = { never: 'never', yearly: 'at the yearly review', grace: 'after a grace period' } as const;

/** What a tier gives, in a few words. */
function benefits(t: Tier) {
  const out: string[] = [];
  if (t.earnMultiplier !== 1) out.push(`×${t.earnMultiplier} points`);
  if (t.casePriority) out.push(`P${t.casePriority} cases`);
  if (t.firstResponseMinutes) out.push(`first response ${t.firstResponseMinutes} min`);
  if (t.resolutionMinutes) out.push(`resolution ${t.resolutionMinutes} min`);
  if (t.dedicatedRep) out.push(`dedicated rep (${t.repStaffIds.length})`);
  if (t.callListFirst) out.push('first on call lists');
  return out.join(', ') || '–';
}

/** Settings → Tiers: the service paths, best first, and a form to add or edit one. */
export function TiersPanel() {
  const tiers = useTiers();
  const [editing, setEditing] = useState<Tier | 'new' | null>(null);
  if (tiers.error) return <ErrorPanel error={tiers.error} thing="tiers" onRetry={() => tiers.refetch()} />;
  return (
    <Stack gap="md">
      <Text size="sm">
        A customer is in the best tier whose threshold they meet over its rolling window; they move up at once
        and down by the tier&apos;s policy. Changes apply at the next evaluation (nightly, or on a purchase).
      </Text>
      <Table.ScrollContainer minWidth={640}>
        <Table striped withTableBorder fz="sm" aria-label="Tiers">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Tier</Table.Th>
              <Table.Th>Qualifies with</Table.Th>
              <Table.Th>Down</Table.Th>
              <Table.Th>Benefits</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(tiers.data?.data ?? []).map((t) => (
              <Table.Tr key={t.id}>
                <Table.Td>{t.name}</Table.Td>
                <Table.Td>
                  {criterionValue(t.criterion, t.currency, t.threshold, formatMoney)}
                  {t.criterion === 'tenure' ? '' : ` in ${t.windowDays} days`}
                </Table.Td>
                <Table.Td>
                  {DOWNGRADE[t.downgrade]}
                  {t.downgrade === 'grace' ? ` (${t.graceDays} days)` : ''}
                </Table.Td>
                <Table.Td>{benefits(t)}</Table.Td>
                <Table.Td>
                  <Button
                    size="xs"
                    variant="default"
                    onClick={() => setEditing(t)}
                    aria-label={`Edit ${t.name}`}
                  >
                    Edit
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {editing ? (
        <Paper withBorder p="md">
          <TierForm
            key={editing === 'new' ? 'new' : editing.id}
            tier={editing === 'new' ? null : editing}
            onDone={() => setEditing(null)}
          />
        </Paper>
      ) : (
        <Group>
          <Button onClick={() => setEditing('new')}>New tier</Button>
        </Group>
      )}
    </Stack>
  );
}

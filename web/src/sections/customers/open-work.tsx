import { Anchor, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { Link } from 'wouter';
import { formatDateTime, formatRelative } from '../../ui/format.ts';
import { dueAt } from '../my-work/api.ts';
import { SeverityBadge } from '../my-work/bits.tsx';
import { useCustomerCases, useCustomerTasks } from './work-api.ts';

const isLate = (iso: string | null) => !!iso && new Date(iso).getTime() < Date.now();

/** The customer's open cases and playbook tasks, so whoever is on the call knows what is pending. */
export function OpenWork({ customerId }: { customerId: string }) {
  const cases = useCustomerCases(customerId);
  const tasks = useCustomerTasks(customerId);
  const steps = (tasks.data ?? []).filter((t) => t.type !== 'promise');
  if (cases.isPending || tasks.isPending) return null;
  const failed = cases.isError || tasks.isError;
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="open-work-heading">
      <Stack gap="xs">
        <Title order={2} size="h4" id="open-work-heading">
          Open cases and tasks
        </Title>
        {failed && (
          <Text size="sm" c="red.9" role="alert">
            Could not load the open cases and tasks. Reload the page to try again.
          </Text>
        )}
        {!failed && cases.data?.length === 0 && steps.length === 0 && (
          <Text size="sm" c="dimmed">
            Nothing open: no red flags are waiting for this customer.
          </Text>
        )}
        {cases.data && cases.data.length > 0 && (
          <Stack
            gap={6}
            component="ul"
            style={{ listStyle: 'none', padding: 0, margin: 0 }}
            aria-label="Open cases"
          >
            {cases.data.map((k) => {
              const due = dueAt(k);
              return (
                <li key={k.id}>
                  <Group gap="xs" wrap="nowrap" align="baseline">
                    <SeverityBadge severity={k.severity} />
                    <Anchor component={Link} href={`/my-work/cases/${k.id}`} size="sm" fw={600}>
                      {k.title}
                    </Anchor>
                  </Group>
                  <Text size="xs" c={k.overdue ? 'red.8' : 'dimmed'}>
                    {k.status === 'snoozed' ? 'Snoozed · ' : ''}
                    {due ? `${k.overdue ? 'overdue since' : 'due'} ${formatRelative(due)}` : 'no deadline'}
                  </Text>
                </li>
              );
            })}
          </Stack>
        )}
        {steps.length > 0 && (
          <Stack
            gap={6}
            component="ul"
            style={{ listStyle: 'none', padding: 0, margin: 0 }}
            aria-label="Open tasks"
          >
            {steps.map((t) => (
              <li key={t.id}>
                <Anchor component={Link} href={`/my-work/cases/${t.caseId}`} size="sm">
                  {t.title}
                </Anchor>
                <Text size="xs" c={isLate(t.dueAt) ? 'red.8' : 'dimmed'} title={formatDateTime(t.dueAt)}>
                  due {formatRelative(t.dueAt)}
                  {t.note ? ` · ${t.note}` : ''}
                </Text>
              </li>
            ))}
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}

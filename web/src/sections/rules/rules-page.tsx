import {
  Alert,
  Anchor,
  Badge,
  Button,
  Center,
  Loader,
  Paper,
  Stack,
  Switch,
  Table,
  Text,
} from '@mantine/core';
import { Link } from 'wouter';
import type { Severity } from '../../api/types.ts';
import { ErrorPanel } from '../../ui/error-panel.tsx';
import { humanize } from '../../ui/format.ts';
import { Page } from '../../ui/page.tsx';
import { type Rule, usePlaybooks, useRules, useToggleRule } from './api.ts';
import { RuleErrors } from './rule-errors.tsx';
import { SectionTabs } from './section-tabs.tsx';
import { describeAction, describeSaveError, describeTrigger } from './words.ts';

const severityColor: Record<Severity, string> = {
  critical: 'red',
  high: 'orange',
  medium: 'yellow',
  low: 'gray',
};

export const SeverityBadge = ({ severity }: { severity: Severity }) => (
  <Badge variant="light" color={severityColor[severity]} autoContrast>
    {humanize(severity)}
  </Badge>
);

/** Every red-flag rule: when it looks, what it does in words, and a switch to turn it on or off. */
export function RulesPage() {
  const rules = useRules();
  const playbooks = usePlaybooks();
  const toggle = useToggleRule();
  return (
    <Page
      title="Red-flag rules"
      actions={
        <Button component={Link} href="/rules/new">
          New rule
        </Button>
      }
    >
      <SectionTabs />
      {toggle.isError && (
        <Alert color="red" role="alert" title="The rule was not switched">
          {describeSaveError(toggle.error, 'rule')}
        </Alert>
      )}
      <Paper withBorder radius="md" p="sm">
        {rules.isError ? (
          <ErrorPanel error={rules.error} thing="rule" onRetry={() => rules.refetch()} />
        ) : rules.isPending ? (
          <Center p="lg">
            <Loader size="sm" aria-label="Loading rules" />
          </Center>
        ) : (
          <Table.ScrollContainer minWidth={720}>
            <Table aria-label="Red-flag rules" highlightOnHover verticalSpacing="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>When it looks</Table.Th>
                  <Table.Th>Severity</Table.Th>
                  <Table.Th>What it does</Table.Th>
                  <Table.Th>Errors</Table.Th>
                  <Table.Th>Enabled</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rules.data.map((r) => (
                  <RuleRow
                    key={r.id}
                    rule={r}
                    action={describeAction(r, playbooks.data)}
                    switching={toggle.isPending && toggle.variables?.id === r.id}
                    onToggle={(enabled) => toggle.mutate({ id: r.id, enabled })}
                  />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Paper>
    </Page>
  );
}

function RuleRow({
  rule: r,
  action,
  switching,
  onToggle,
}: {
  rule: Rule;
  action: string;
  switching: boolean;
  onToggle: (enabled: boolean) => void;
}) {
  return (
    <Table.Tr>
      <Table.Td>
        <Stack gap={2}>
          <Anchor component={Link} href={`/rules/${r.id}`} fw={600}>
            {r.name}
          </Anchor>
          {r.description && (
            <Text size="xs" c="dimmed">
              {r.description}
            </Text>
          )}
        </Stack>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{describeTrigger(r)}</Text>
      </Table.Td>
      <Table.Td>
        <SeverityBadge severity={r.severity} />
      </Table.Td>
      <Table.Td>
        <Text size="sm">If the condition holds, {action}.</Text>
      </Table.Td>
      <Table.Td>
        <RuleErrors rule={r} compact />
      </Table.Td>
      <Table.Td>
        <Switch
          aria-label={`${r.name} enabled`}
          checked={r.enabled}
          disabled={switching}
          onChange={(e) => onToggle(e.currentTarget.checked)}
        />
      </Table.Td>
    </Table.Tr>
  );
}

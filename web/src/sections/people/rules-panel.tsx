import {
  Button,
  Checkbox,
  Group,
  MultiSelect,
  Select,
  Stack,
  Table,
  TagsInput,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { useStaffById, useStaffList } from '../../api/staff.ts';
import { ErrorPanel } from '../../ui/error-panel.tsx';
import {
  useAddRule,
  useApplyRebalance,
  useAssignmentRules,
  usePreviewRebalance,
  useRunAssignment,
  useTiers,
} from './api.ts';

const INTRO_SUBJECT = 'Your new contact at our company: {{ owner.name }}';
const INTRO_BODY =
  'Hello {{ customer.firstName | default: "there" }},\n\nI am {{ owner.name }}, your new personal contact from today. ' +
  'Write to me whenever you need anything.\n\n{{ owner.signature }}';

/** Settings → Assignment rules: the ordered rules, adding one, running them, and rebalancing a book with a preview. */
export function AssignmentRulesPanel() {
  const rules = useAssignmentRules();
  const staff = useStaffList();
  const byId = useStaffById();
  const options = (staff.data ?? []).filter((s) => s.active).map((s) => ({ value: s.id, label: s.name }));
  const add = useAddRule();
  const run = useRunAssignment();
  const [name, setName] = useState('');
  const [countries, setCountries] = useState<string[]>([]);
  const [languages, setLanguages] = useState<string[]>([]);
  const [staffIds, setStaffIds] = useState<string[]>([]);
  const [tierIds, setTierIds] = useState<string[]>([]);
  const tiers = useTiers();
  const tierName = (id: string) => tiers.data?.find((t) => t.id === id)?.name ?? id;
  const [intro, setIntro] = useState(false);
  const [introSubject, setIntroSubject] = useState(INTRO_SUBJECT);
  const [introBody, setIntroBody] = useState(INTRO_BODY);
  const preview = usePreviewRebalance();
  const apply = useApplyRebalance();
  const [from, setFrom] = useState<string | null>(null);
  const [to, setTo] = useState<string[]>([]);
  const [note, setNote] = useState('');
  const nameOf = (id: string) => byId.get(id)?.name ?? id;
  return (
    <Stack gap="lg">
      <Table withTableBorder aria-label="Assignment rules">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>#</Table.Th>
            <Table.Th>Rule</Table.Th>
            <Table.Th>Matches</Table.Th>
            <Table.Th>Gives to</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(rules.data ?? []).map((r) => (
            <Table.Tr key={r.id}>
              <Table.Td>{r.position}</Table.Td>
              <Table.Td>{r.name}</Table.Td>
              <Table.Td>
                {[r.countries.join(', '), r.languages.join(', '), r.tierIds.map(tierName).join(', ')]
                  .filter(Boolean)
                  .join(' · ') || 'everyone'}
              </Table.Td>
              <Table.Td>{r.staffIds.map(nameOf).join(', ') || 'team'}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          add.mutate({ name, countries, languages, staffIds, tierIds });
        }}
      >
        <Title order={2} size="h4">
          Add a rule
        </Title>
        <Group align="flex-end">
          <TextInput
            label="Name"
            required
            value={name}
            maxLength={120}
            onChange={(e) => setName(e.currentTarget.value)}
          />
          <TagsInput
            label="Countries"
            placeholder="DE, AT"
            value={countries}
            onChange={setCountries}
            maxTags={250}
          />
          <TagsInput
            label="Languages"
            placeholder="de"
            value={languages}
            onChange={setLanguages}
            maxTags={200}
          />
          <MultiSelect
            label="Loyalty tiers"
            placeholder="any"
            data={(tiers.data ?? []).map((t) => ({ value: t.id, label: t.name }))}
            value={tierIds}
            onChange={setTierIds}
          />
          <MultiSelect label="Reps" data={options} value={staffIds} onChange={setStaffIds} searchable />
          <Button type="submit" loading={add.isPending}>
            Add rule
          </Button>
        </Group>
        {add.isError && <ErrorPanel error={add.error} thing="rule" />}
      </form>
      <Group>
        <Button variant="light" onClick={() => run.mutate()} loading={run.isPending}>
          Assign unowned customers now
        </Button>
        {run.data && (
          <Text role="status">
            {run.data.assigned} assigned, {run.data.unmatched} matched no rule
          </Text>
        )}
      </Group>
      <Title order={2} size="h4">
        Rebalance a book
      </Title>
      <Group align="flex-end">
        <Select label="From rep" data={options} value={from} onChange={setFrom} searchable />
        <MultiSelect label="To reps" data={options} value={to} onChange={setTo} searchable />
        <Button
          variant="light"
          disabled={!from || !to.length}
          onClick={() => from && preview.mutate({ fromStaffId: from, toStaffIds: to })}
        >
          Preview
        </Button>
      </Group>
      {preview.isError && <ErrorPanel error={preview.error} thing="preview" />}
      {preview.data && (
        <Stack gap="xs">
          <Text role="status">
            {preview.data.moves.length} customers would move:{' '}
            {preview.data.loadsAfter.map((l) => `${nameOf(l.staffId)} → ${l.count}`).join(', ')}
          </Text>
          <Textarea
            label="Hand-over note"
            value={note}
            maxLength={2000}
            onChange={(e) => setNote(e.currentTarget.value)}
          />
          <Checkbox
            label="Send each customer an introduction email from their new rep (consent and contact budget apply)"
            checked={intro}
            onChange={(e) => setIntro(e.currentTarget.checked)}
          />
          {intro && (
            <>
              <TextInput
                label="Email subject"
                value={introSubject}
                maxLength={300}
                onChange={(e) => setIntroSubject(e.currentTarget.value)}
              />
              <Textarea
                label="Email text (Liquid: customer.firstName, owner.name, owner.signature…)"
                autosize
                minRows={4}
                value={introBody}
                maxLength={20000}
                onChange={(e) => setIntroBody(e.currentTarget.value)}
              />
            </>
          )}
          <Button
            disabled={!preview.data.moves.length}
            loading={apply.isPending}
            onClick={() =>
              preview.data &&
              apply.mutate({
                fromStaffId: preview.data.fromStaffId,
                moves: preview.data.moves.map((m) => ({ customerId: m.customerId, toStaffId: m.toStaffId })),
                ...(note ? { note } : {}),
                ...(intro ? { introEmail: { subject: introSubject, body: introBody } } : {}),
              })
            }
          >
            Apply
          </Button>
          {apply.data && <Text role="status">{apply.data.moved} customers moved</Text>}
          {apply.isError && <ErrorPanel error={apply.error} thing="rebalancing" />}
        </Stack>
      )}
    </Stack>
  );
}

import {
  Alert,
  Autocomplete,
  Button,
  Group,
  Modal,
  NumberInput,
  Paper,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type FormEvent, useId, useState } from 'react';
import { describeError } from '../../api/errors.ts';
import { ErrorPanel } from '../../ui/error-panel.tsx';
import { humanize } from '../../ui/format.ts';
import { SaveBar } from '../../ui/save-bar.tsx';
import { type ContactRule, useContactRules, useDeleteRule, useSaveRule } from './api.ts';

const PURPOSE = /^[a-z][a-z0-9-]{0,39}$/;
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** The words for one purpose's contacts: "survey"/"surveys", "contact of any kind"… */
function nouns(purpose: string): [string, string] {
  if (purpose === '*') return ['contact of any kind', 'contacts of any kind'];
  if (purpose === 'survey') return ['survey', 'surveys'];
  return [`${purpose} contact`, `${purpose} contacts`];
}

export const purposeTitle = (purpose: string) =>
  purpose === '*' ? 'All contact together' : purpose === 'survey' ? 'Surveys' : humanize(purpose);

/** A rule in plain words: "At most 1 survey per customer every 30 days, and at most 2 reminders per survey." */
export function explainRule(r: Omit<ContactRule, 'purpose'> & { purpose: string }): string {
  const [one, many] = nouns(r.purpose);
  const limit =
    r.maxContacts === 0
      ? `No ${many} at all`
      : r.windowDays === 0
        ? `No limit on ${many}`
        : `At most ${plural(r.maxContacts, one, many)} per customer every ${plural(r.windowDays, 'day', 'days')}`;
  if (r.purpose === '*') return `${limit}, counting every purpose together.`;
  const reminders =
    r.maxReminders === 0
      ? 'no reminders'
      : `at most ${plural(r.maxReminders, 'reminder', 'reminders')} per ${one}`;
  return `${limit}, and ${reminders}.`;
}

function RuleForm({ rule, isNew, onDone }: { rule: ContactRule; isNew: boolean; onDone: () => void }) {
  const save = useSaveRule();
  const [purpose, setPurpose] = useState(rule.purpose);
  const [maxContacts, setMaxContacts] = useState<number | string>(rule.maxContacts);
  const [windowDays, setWindowDays] = useState<number | string>(rule.windowDays);
  const [maxReminders, setMaxReminders] = useState<number | string>(rule.maxReminders);
  const [purposeError, setPurposeError] = useState<string | null>(null);
  const draft = {
    purpose,
    maxContacts: Number(maxContacts) || 0,
    windowDays: Number(windowDays) || 0,
    maxReminders: Number(maxReminders) || 0,
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (purpose !== '*' && !PURPOSE.test(purpose))
      return setPurposeError(
        'Use lower-case letters, digits and dashes, e.g. "newsletter", or * for all purposes',
      );
    save.mutate(draft, {
      onSuccess: () => {
        notifications.show({ color: 'green', message: `${purposeTitle(purpose)}: ${explainRule(draft)}` });
        onDone();
      },
    });
  };
  const [one] = nouns(purpose);
  return (
    <form onSubmit={submit}>
      <Stack>
        {isNew && (
          <Autocomplete
            label="Purpose"
            description='What the contact is for, as the sending feature names it; "*" limits all purposes together.'
            required
            data-autofocus
            data={['*', 'survey', 'newsletter', 'check-in', 'win-back']}
            value={purpose}
            error={purposeError}
            onChange={(v) => {
              setPurpose(v.trim());
              setPurposeError(null);
            }}
          />
        )}
        <Group grow align="flex-start">
          <NumberInput
            label={`At most (${nouns(purpose)[1]})`}
            description="0 = none at all"
            min={0}
            max={1000}
            allowDecimal={false}
            required
            value={maxContacts}
            onChange={setMaxContacts}
          />
          <NumberInput
            label="Every (days)"
            description="0 = no limit"
            min={0}
            max={3650}
            allowDecimal={false}
            required
            value={windowDays}
            onChange={setWindowDays}
          />
          {purpose !== '*' && (
            <NumberInput
              label={`Reminders per ${one}`}
              description="Reminders do not count as contacts"
              min={0}
              max={100}
              allowDecimal={false}
              required
              value={maxReminders}
              onChange={setMaxReminders}
            />
          )}
        </Group>
        <Text size="sm" role="status" aria-live="polite">
          {explainRule(draft)}
        </Text>
        <SaveBar
          error={save.error ? describeError(save.error, { thing: 'rule' }) : null}
          pending={save.isPending}
          label="Save rule"
          onCancel={onDone}
        />
      </Stack>
    </form>
  );
}

function RuleCard({ rule, canEdit, onEdit }: { rule: ContactRule; canEdit: boolean; onEdit: () => void }) {
  const headingId = useId();
  const remove = useDeleteRule();
  const [confirming, setConfirming] = useState(false);
  const title = purposeTitle(rule.purpose);
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby={headingId}>
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="xs">
        <Stack gap={4}>
          <Title order={2} size="h4" id={headingId}>
            {title}
          </Title>
          <Text>{explainRule(rule)}</Text>
        </Stack>
        {canEdit && (
          <Group gap="xs">
            <Button
              size="xs"
              variant="default"
              onClick={onEdit}
              aria-label={`Change the budget for ${title}`}
            >
              Change
            </Button>
            <Button
              size="xs"
              variant="subtle"
              color="red"
              onClick={() => setConfirming(true)}
              aria-label={`Remove the budget for ${title}`}
            >
              Remove
            </Button>
          </Group>
        )}
      </Group>
      <Modal opened={confirming} onClose={() => setConfirming(false)} title="Remove this rule?">
        <Stack>
          <Text>
            {rule.purpose === '*'
              ? 'Each purpose will then be limited only by its own rule.'
              : `${title} will then be limited only by the "All contact together" rule, if there is one, and get no reminders.`}
          </Text>
          {remove.error && (
            <Alert color="red" role="alert" title="Not removed">
              {describeError(remove.error, { thing: 'rule' })}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(false)}>
              Keep it
            </Button>
            <Button
              color="red"
              loading={remove.isPending}
              onClick={() =>
                remove.mutate(rule.purpose, {
                  onSuccess: () => {
                    setConfirming(false);
                    notifications.show({ color: 'green', message: `The budget for ${title} was removed.` });
                  },
                })
              }
            >
              Remove rule
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Paper>
  );
}

/**
 * The one contact budget: how often a customer may be surveyed (and, later, sent newsletters,
 * check-ins, win-back offers). Everyone can read it; only admins may change it, as the API says.
 */
export function BudgetPanel({ canEdit }: { canEdit: boolean }) {
  const rules = useContactRules();
  const [editing, setEditing] = useState<{ rule: ContactRule; isNew: boolean } | null>(null);
  if (rules.isError) return <ErrorPanel error={rules.error} onRetry={() => rules.refetch()} />;
  const list = rules.data ?? [];
  const fresh = (): ContactRule => ({
    purpose: list.some((r) => r.purpose === '*') ? '' : '*',
    maxContacts: 2,
    windowDays: 30,
    maxReminders: 0,
  });
  return (
    <Stack>
      <Group justify="space-between" align="flex-start">
        <Text c="dimmed" size="sm" maw={720} style={{ flex: '1 1 320px' }}>
          Tenure never over-contacts anyone: every survey email, reminder and website prompt asks this budget
          first, and customers' opt-outs always win. Changes apply to the next contact.
          {canEdit ? '' : ' Only admins can change the budget.'}
        </Text>
        {canEdit && <Button onClick={() => setEditing({ rule: fresh(), isNew: true })}>Add a rule</Button>}
      </Group>
      {!rules.isPending && list.length === 0 && (
        <Paper withBorder radius="md" p="lg">
          <Text>No rules: customers can be contacted without limit, and surveys get no reminders.</Text>
        </Paper>
      )}
      {list.map((r) => (
        <RuleCard
          key={r.purpose}
          rule={r}
          canEdit={canEdit}
          onEdit={() => setEditing({ rule: r, isNew: false })}
        />
      ))}
      {list.length > 0 && !list.some((r) => r.purpose === 'survey') && (
        <Text size="sm" c="dimmed">
          Surveys have no rule of their own, so they get no reminders.
        </Text>
      )}
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={
          editing?.isNew ? 'Add a contact rule' : `Budget for ${purposeTitle(editing?.rule.purpose ?? '')}`
        }
        size="lg"
      >
        {editing && <RuleForm rule={editing.rule} isNew={editing.isNew} onDone={() => setEditing(null)} />}
      </Modal>
    </Stack>
  );
}

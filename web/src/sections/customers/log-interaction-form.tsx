import {
  Alert,
  Button,
  Checkbox,
  Group,
  Paper,
  SegmentedControl,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useRef, useState } from 'react';
import { describeError } from '../../api/errors.ts';
import type { Channel, Customer360 } from '../../api/types.ts';
import { uuid } from '../../ui/format.ts';
import { useLogInteraction } from './api.ts';
import { useMakePromise } from './work-api.ts';

const types = {
  call: { label: 'Call', channel: 'phone', kind: 'call', inbound: 'They called', outbound: 'We called' },
  email: { label: 'Email', channel: 'email', kind: 'email', inbound: 'They wrote', outbound: 'We wrote' },
  visit: {
    label: 'Visit',
    channel: 'in-person',
    kind: 'visit',
    inbound: 'They came in',
    outbound: 'We visited',
  },
} satisfies Record<
  string,
  { label: string; channel: Channel; kind: string; inbound: string; outbound: string }
>;
type TypeKey = keyof typeof types;
const outcomes = { well: 1, okay: 0, badly: -1 } as const;
type Outcome = keyof typeof outcomes;

type Values = {
  type: TypeKey;
  direction: 'inbound' | 'outbound';
  subject: string;
  body: string;
  outcome: Outcome | '';
  when: string;
  thanked: boolean;
  confirmed: boolean;
  promise: string;
  promiseDue: string;
};

/** "2026-11-23T14:05" in the browser's time zone, for datetime-local inputs. */
const localInputValue = (d: Date) =>
  new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);

/** Tomorrow at 17:00 local time: the usual "I'll get back to you" deadline. */
const tomorrowAtFive = () => {
  const d = new Date();
  d.setDate(d.getDate() + 1);
  d.setHours(17, 0, 0, 0);
  return localInputValue(d);
};

/**
 * Logging a touchpoint takes seconds: pick call/email/visit, type a line, say how it went,
 * Ctrl+Enter. Each form gets its own id, so a double submit or a retry is stored once.
 */
export function LogInteractionForm({ customer }: { customer: Customer360 }) {
  const log = useLogInteraction(customer.id);
  const promise = useMakePromise(customer.id);
  const sourceId = useRef(uuid());
  const promiseId = useRef(uuid());
  const [whenOpen, setWhenOpen] = useState(false);
  const [promiseOpen, setPromiseOpen] = useState(false);
  const form = useForm<Values>({
    initialValues: {
      type: 'call',
      direction: 'outbound',
      subject: '',
      body: '',
      outcome: '',
      when: '',
      thanked: false,
      confirmed: false,
      promise: '',
      promiseDue: '',
    },
    validate: {
      promiseDue: (v, all) =>
        all.promise.trim() && !v
          ? 'Say by when'
          : all.promise.trim() && new Date(v).getTime() < Date.now()
            ? 'A promise is due in the future'
            : null,
      subject: (v) => (v.trim() ? null : 'Write one line about what it was about'),
      when: (v) => (v && new Date(v).getTime() > Date.now() + 60_000 ? 'This cannot be in the future' : null),
    },
  });
  const t = types[form.values.type];

  const submit = form.onSubmit((v) => {
    const type = types[v.type];
    log.mutate(
      {
        sourceId: sourceId.current,
        channel: type.channel,
        kind: type.kind,
        direction: v.direction,
        subject: v.subject.trim(),
        body: v.body.trim() || undefined,
        sentiment: v.outcome ? outcomes[v.outcome] : undefined,
        occurredAt: v.when ? new Date(v.when).toISOString() : undefined,
        properties: {
          ...(v.outcome ? { outcome: v.outcome } : {}),
          ...(v.thanked ? { thanked: true } : {}),
          ...(v.confirmed ? { detailsConfirmed: true } : {}),
        },
      },
      {
        onSuccess: async () => {
          // The touchpoint is stored; the promise has its own id, so a retry after a failure here
          // neither logs the call twice nor makes the promise twice.
          if (v.promise.trim()) {
            try {
              await promise.mutateAsync({
                id: promiseId.current,
                title: v.promise.trim(),
                dueAt: new Date(v.promiseDue).toISOString(),
              });
            } catch {
              return;
            }
          }
          notifications.show({
            color: 'green',
            message: `${type.label} logged on the timeline${v.promise.trim() ? ', and the promise is in your tasks' : ''}.`,
          });
          sourceId.current = uuid();
          promiseId.current = uuid();
          form.setValues({
            subject: '',
            body: '',
            outcome: '',
            when: '',
            thanked: false,
            confirmed: false,
            promise: '',
            promiseDue: '',
          });
          setWhenOpen(false);
          setPromiseOpen(false);
        },
      },
    );
  });

  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="log-heading">
      <form
        onSubmit={submit}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) submit();
        }}
      >
        <Stack gap="sm">
          <Title order={2} size="h4" id="log-heading">
            Log a touchpoint
          </Title>
          <SegmentedControl
            aria-label="What happened"
            fullWidth
            data={Object.entries(types).map(([value, x]) => ({ value, label: x.label }))}
            {...form.getInputProps('type')}
            onChange={(v) => {
              form.setFieldValue('type', v as TypeKey);
              form.setFieldValue('direction', v === 'visit' ? 'inbound' : 'outbound');
            }}
          />
          <SegmentedControl
            aria-label="Who reached out"
            fullWidth
            size="xs"
            data={[
              { value: 'outbound', label: t.outbound },
              { value: 'inbound', label: t.inbound },
            ]}
            {...form.getInputProps('direction')}
          />
          <TextInput
            label="Summary"
            placeholder="e.g. Checked in about the new plan"
            maxLength={1000}
            {...form.getInputProps('subject')}
          />
          <Textarea
            label="Notes"
            placeholder="Anything the next person should know"
            autosize
            minRows={2}
            maxRows={8}
            {...form.getInputProps('body')}
          />
          <div>
            <Text size="sm" fw={500} id="outcome-label" mb={4}>
              How did it go?
            </Text>
            <SegmentedControl
              aria-labelledby="outcome-label"
              fullWidth
              size="xs"
              data={[
                { value: '', label: 'Not said' },
                { value: 'well', label: 'Well' },
                { value: 'okay', label: 'Okay' },
                { value: 'badly', label: 'Badly' },
              ]}
              {...form.getInputProps('outcome')}
            />
          </div>
          <Group gap="lg">
            <Checkbox label="I thanked them" {...form.getInputProps('thanked', { type: 'checkbox' })} />
            <Checkbox label="Details confirmed" {...form.getInputProps('confirmed', { type: 'checkbox' })} />
          </Group>
          {whenOpen ? (
            <TextInput
              type="datetime-local"
              label="When"
              max={localInputValue(new Date())}
              {...form.getInputProps('when')}
            />
          ) : (
            <Button
              variant="subtle"
              size="compact-sm"
              onClick={() => setWhenOpen(true)}
              style={{ alignSelf: 'flex-start' }}
            >
              Happened earlier? Set the time
            </Button>
          )}
          {promiseOpen ? (
            <Group grow align="flex-start" gap="xs">
              <TextInput
                label="What I promised"
                placeholder="e.g. Call back with the refund status"
                maxLength={300}
                {...form.getInputProps('promise')}
                autoFocus
              />
              <TextInput type="datetime-local" label="By when" {...form.getInputProps('promiseDue')} />
            </Group>
          ) : (
            <Button
              variant="subtle"
              size="compact-sm"
              onClick={() => {
                setPromiseOpen(true);
                form.setFieldValue('promiseDue', tomorrowAtFive());
              }}
              style={{ alignSelf: 'flex-start' }}
            >
              Promised something? Add a promise
            </Button>
          )}
          {promise.error && (
            <Alert color="red" role="alert" title="The touchpoint is logged, the promise is not">
              {describeError(promise.error)} Press save again to retry the promise.
            </Alert>
          )}
          {log.error && (
            <Alert color="red" role="alert" title="Not logged yet">
              {describeError(log.error, { thing: 'customer' })}
            </Alert>
          )}
          <Group justify="space-between" align="center">
            <Text size="xs" c="dimmed">
              <kbd className="hint">Ctrl</kbd> + <kbd className="hint">Enter</kbd> to save
            </Text>
            <Button type="submit" loading={log.isPending}>
              Log {t.label.toLowerCase()}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

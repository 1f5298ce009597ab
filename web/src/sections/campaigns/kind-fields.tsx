import { Checkbox, Group, NumberInput, Select, TextInput } from '@mantine/core';

export type KindState = {
  kind: 'one-off' | 'recurring' | 'triggered';
  every: 'month' | 'week';
  day: number;
  weekday: string;
  at: string;
  on: 'event' | 'segment';
  eventKind: string;
  firstOnly: boolean;
  delayDays: number;
};
export const initialKind: KindState = {
  kind: 'one-off',
  every: 'month',
  day: 1,
  weekday: '1',
  at: '10:00',
  on: 'event',
  eventKind: 'purchase',
  firstOnly: true,
  delayDays: 30,
};
const EVENT_KINDS = ['purchase', 'refund', 'signup', 'call', 'email', 'chat', 'visit', 'meeting', 'ticket'];
const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** The request's kind, schedule and trigger from the editor's fields (the API checks the ranges). */
export function kindBody(k: KindState) {
  if (k.kind === 'recurring')
    return {
      kind: k.kind,
      schedule:
        k.every === 'month'
          ? { every: 'month' as const, day: k.day, at: k.at }
          : { every: 'week' as const, weekday: Number(k.weekday), at: k.at },
    };
  if (k.kind === 'triggered') {
    const delayMinutes = Math.round(k.delayDays * 24 * 60);
    return {
      kind: k.kind,
      trigger:
        k.on === 'segment'
          ? { on: 'segment' as const, delayMinutes }
          : {
              on: 'event' as const,
              eventKind: k.eventKind as 'purchase',
              firstOnly: k.firstOnly,
              delayMinutes,
            },
    };
  }
  return { kind: k.kind };
}

/** Kind (one-off, recurring, triggered) and its schedule or trigger. */
export function KindFields({ k, onChange }: { k: KindState; onChange: (k: KindState) => void }) {
  const set = <K extends keyof KindState>(key: K, v: KindState[K]) => onChange({ ...k, [key]: v });
  return (
    <>
      <Select
        label="Kind"
        data={[
          { value: 'one-off', label: 'One-off' },
          { value: 'recurring', label: 'Recurring' },
          { value: 'triggered', label: 'Triggered' },
        ]}
        value={k.kind}
        onChange={(v) => v && set('kind', v as KindState['kind'])}
        allowDeselect={false}
      />
      {k.kind === 'recurring' && (
        <Group>
          <Select
            label="Every"
            data={[
              { value: 'month', label: 'Month' },
              { value: 'week', label: 'Week' },
            ]}
            value={k.every}
            onChange={(v) => v && set('every', v as KindState['every'])}
            allowDeselect={false}
          />
          {k.every === 'month' ? (
            <NumberInput
              label="On day"
              min={1}
              max={28}
              value={k.day}
              onChange={(v) => set('day', Number(v))}
            />
          ) : (
            <Select
              label="On"
              data={WEEKDAYS.map((d, i) => ({ value: String(i + 1), label: d }))}
              value={k.weekday}
              onChange={(v) => v && set('weekday', v)}
              allowDeselect={false}
            />
          )}
          <TextInput
            label="At (local time)"
            value={k.at}
            maxLength={5}
            onChange={(e) => set('at', e.currentTarget.value)}
          />
        </Group>
      )}
      {k.kind === 'triggered' && (
        <Group align="end">
          <Select
            label="When"
            data={[
              { value: 'event', label: 'After an event' },
              { value: 'segment', label: 'On entering the segment' },
            ]}
            value={k.on}
            onChange={(v) => v && set('on', v as KindState['on'])}
            allowDeselect={false}
          />
          {k.on === 'event' && (
            <>
              <Select
                label="Event"
                data={EVENT_KINDS}
                value={k.eventKind}
                onChange={(v) => v && set('eventKind', v)}
                allowDeselect={false}
              />
              <Checkbox
                label="Only the first"
                checked={k.firstOnly}
                onChange={(e) => set('firstOnly', e.currentTarget.checked)}
              />
            </>
          )}
          <NumberInput
            label="Delay (days)"
            min={0}
            max={365}
            decimalScale={3}
            value={k.delayDays}
            onChange={(v) => set('delayDays', Number(v))}
          />
        </Group>
      )}
    </>
  );
}

import { ActionIcon, Button, Group, Stack, Switch, Text, TextInput } from '@mantine/core';
import { IconX } from '../../ui/icons.tsx';
import type { Interval } from './api.ts';

export const weekdayNames = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const short = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

type Span = { start: string; end: string };
/** One row per weekday, Monday first; a day that is off has no spans. */
export type Week = { on: boolean; spans: Span[] }[];

// A time input cannot show 24:00, and the API stores the end of a day as 24:00: in the editor an
// end of 00:00 means midnight.
const toInput = (end: string) => (end === '24:00' ? '00:00' : end);
const fromInput = (end: string) => (end === '00:00' ? '24:00' : end);
const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

export function weekOf(intervals: Interval[]): Week {
  return weekdayNames.map((_, i) => {
    const spans = intervals
      .filter((iv) => iv.weekday === i + 1)
      .sort((a, b) => a.start.localeCompare(b.start))
      .map((iv) => ({ start: iv.start, end: toInput(iv.end) }));
    return { on: spans.length > 0, spans };
  });
}

export function intervalsOf(week: Week): Interval[] {
  return week.flatMap((d, i) =>
    d.on ? d.spans.map((s) => ({ weekday: i + 1, start: s.start, end: fromInput(s.end) })) : [],
  );
}

/** Mon–Fri 09:00 to 17:00, the week most teams start from. */
export const officeWeek = (): Week =>
  weekdayNames.map((_, i) =>
    i < 5 ? { on: true, spans: [{ start: '09:00', end: '17:00' }] } : { on: false, spans: [] },
  );

/**
 * What is wrong with one day, in words, or null. Not `strict` (while typing), a range still
 * being filled in is not yet a mistake.
 */
export function dayProblem(day: Week[number], name: string, strict: boolean): string | null {
  if (!day.on) return null;
  if (day.spans.length === 0) return `${name}: add hours or switch the day off.`;
  const sorted = [...day.spans].sort((a, b) => a.start.localeCompare(b.start));
  for (const [i, s] of sorted.entries()) {
    if (!s.start || !s.end) {
      if (strict) return `${name}: fill in both times.`;
      continue;
    }
    if (minutes(fromInput(s.end)) <= minutes(s.start))
      return `${name}: ${s.start} to ${s.end} ends before it starts. For a night shift, end at 00:00 and continue on the next day.`;
    const prev = sorted[i - 1];
    if (prev && minutes(s.start) < minutes(fromInput(prev.end)))
      return `${name}: ${prev.start}–${prev.end} and ${s.start}–${s.end} overlap.`;
  }
  return null;
}

export const weekProblems = (week: Week, strict: boolean): string[] =>
  week.map((d, i) => dayProblem(d, weekdayNames[i] as string, strict)).filter((p): p is string => !!p);

/** "Mon–Fri 09:00–17:00, Sat 10:00–14:00": consecutive days with the same hours are grouped. */
export function summarize(intervals: Interval[]): string {
  const byDay = weekOf(intervals).map((d) =>
    d.spans.map((s) => `${s.start}–${fromInput(s.end)}`).join(' and '),
  );
  const parts: string[] = [];
  for (let i = 0; i < 7; ) {
    const hours = byDay[i];
    let j = i;
    while (j + 1 < 7 && byDay[j + 1] === hours) j++;
    if (hours) parts.push(`${short[i]}${j > i ? `–${short[j]}` : ''} ${hours}`);
    i = j + 1;
  }
  return parts.join(', ');
}

/**
 * When someone comes on shift: "now", "today 09:00 your time", "Tue 09:00 your time"… Said in the
 * reader's own time zone, and so labelled, because team hours next to it are in the team's zone.
 */
export function formatComingOn(iso: string, now = new Date()): string {
  const when = comingOn(iso, now);
  return when === 'now' ? when : `${when} your time`;
}

function comingOn(iso: string, now: Date): string {
  const at = new Date(iso);
  if (at.getTime() <= now.getTime() + 30_000) return 'now';
  const time = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' }).format(at);
  const days = (at.getTime() - now.getTime()) / 86_400_000;
  if (at.toDateString() === now.toDateString()) return `today ${time}`;
  if (days < 6) return `${new Intl.DateTimeFormat(undefined, { weekday: 'short' }).format(at)} ${time}`;
  return `${new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short' }).format(at)} ${time}`;
}

/**
 * The weekly hours of a team or a person: one row per day with an on/off switch and one or more
 * time ranges (a split shift has two). Times are wall-clock times in the schedule's time zone.
 */
export function WeeklyHoursEditor({
  value,
  onChange,
  strict = false,
}: {
  value: Week;
  onChange: (w: Week) => void;
  /** Also flag ranges still missing a time (once the form was submitted). */
  strict?: boolean;
}) {
  const setDay = (i: number, day: Week[number]) => onChange(value.map((d, j) => (j === i ? day : d)));
  return (
    <Stack gap={6}>
      <Group gap="xs">
        <Button size="xs" variant="default" onClick={() => onChange(officeWeek())}>
          Mon–Fri 09:00–17:00
        </Button>
        <Button
          size="xs"
          variant="default"
          onClick={() =>
            onChange(value.map((d) => (value[0]?.on && d.on ? { ...d, spans: value[0].spans } : d)))
          }
          disabled={!value[0]?.on}
        >
          Copy Monday to working days
        </Button>
      </Group>
      {value.map((day, i) => {
        const name = weekdayNames[i] as string;
        const problem = dayProblem(day, name, strict);
        return (
          <Stack key={name} gap={2}>
            <Group gap="sm" wrap="nowrap" align="center" mih={36}>
              <Switch
                w={130}
                label={name}
                checked={day.on}
                onChange={(e) =>
                  setDay(i, {
                    on: e.currentTarget.checked,
                    spans:
                      e.currentTarget.checked && day.spans.length === 0
                        ? [{ start: '09:00', end: '17:00' }]
                        : day.spans,
                  })
                }
              />
              {day.on ? (
                <Group gap="xs" wrap="wrap">
                  {day.spans.map((s, k) => (
                    <Group key={k} gap={4} wrap="nowrap">
                      <TextInput
                        type="time"
                        size="xs"
                        w={110}
                        aria-label={`${name} from`}
                        value={s.start}
                        error={!!problem}
                        onChange={(e) =>
                          setDay(i, {
                            ...day,
                            spans: day.spans.map((x, m) =>
                              m === k ? { ...x, start: e.currentTarget.value } : x,
                            ),
                          })
                        }
                      />
                      <Text size="sm" aria-hidden>
                        to
                      </Text>
                      <TextInput
                        type="time"
                        size="xs"
                        w={110}
                        aria-label={`${name} until`}
                        value={s.end}
                        error={!!problem}
                        onChange={(e) =>
                          setDay(i, {
                            ...day,
                            spans: day.spans.map((x, m) =>
                              m === k ? { ...x, end: e.currentTarget.value } : x,
                            ),
                          })
                        }
                      />
                      {day.spans.length > 1 && (
                        <ActionIcon
                          variant="subtle"
                          color="gray"
                          aria-label={`Remove ${name} ${s.start} to ${s.end}`}
                          onClick={() => setDay(i, { ...day, spans: day.spans.filter((_, m) => m !== k) })}
                        >
                          <IconX size={14} />
                        </ActionIcon>
                      )}
                    </Group>
                  ))}
                  <Button
                    size="compact-xs"
                    variant="subtle"
                    aria-label={`Add another time range on ${name}`}
                    onClick={() => {
                      const last = day.spans.at(-1);
                      setDay(i, { ...day, spans: [...day.spans, { start: last?.end || '13:00', end: '' }] });
                    }}
                  >
                    + hours
                  </Button>
                </Group>
              ) : (
                <Text size="sm" c="dimmed">
                  Day off
                </Text>
              )}
            </Group>
            {problem && (
              <Text size="xs" c="red.8" role="alert" pl={138}>
                {problem}
              </Text>
            )}
          </Stack>
        );
      })}
      <Text size="xs" c="dimmed">
        An end of 00:00 means midnight. Each range must end after it starts on the same day.
      </Text>
    </Stack>
  );
}

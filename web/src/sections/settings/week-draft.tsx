import { Text } from '@mantine/core';
import { useState } from 'react';
import type { Interval } from './api.ts';
import {
  intervalsOf,
  officeWeek,
  type Week,
  WeeklyHoursEditor,
  weekOf,
  weekProblems,
} from './weekly-hours.tsx';

export type WeekDraft = ReturnType<typeof useWeekDraft>;

/**
 * A weekly schedule being edited (a team's coverage, a person's own hours): the intervals it
 * gives, and whether it may be saved. `active` is false when the form uses no schedule of its
 * own (around the clock, the team's coverage): then it saves no intervals.
 */
export function useWeekDraft(initial: Interval[], active: boolean) {
  const [week, setWeek] = useState<Week>(initial.length ? weekOf(initial) : officeWeek());
  const [tried, setTried] = useState(false);
  const problems = active ? weekProblems(week, true) : [];
  const intervals = active ? intervalsOf(week) : [];
  const empty = active && intervals.length === 0 && problems.length === 0;
  return {
    week,
    setWeek,
    tried,
    active,
    intervals,
    /** After the first save attempt: say that no day is switched on. */
    showEmpty: tried && empty,
    /** Marks the form as submitted (problems show from now on); true when it can be saved. */
    check: () => {
      setTried(true);
      return problems.length === 0 && !empty;
    },
  };
}

/** The week editor of a draft, and what to do when no day is switched on. */
export function WeekField({ draft, emptyMessage }: { draft: WeekDraft; emptyMessage: string }) {
  return (
    <>
      {draft.active && <WeeklyHoursEditor value={draft.week} onChange={draft.setWeek} strict={draft.tried} />}
      {draft.showEmpty && (
        <Text size="sm" c="red.8" role="alert">
          {emptyMessage}
        </Text>
      )}
    </>
  );
}

import { AppError } from '../../../kernel/errors.ts';
import { checkWindow } from '../../outreach/index.ts';
import type { EventStatus } from './tables.ts';

/** What zod cannot see field by field: the end after the start, somewhere to go, a real send window. */
export function checkEvent(e: {
  startsAt: Date;
  endsAt: Date;
  place: string | null;
  onlineUrl: string | null;
  sendWindow: { start: string; end: string };
}): void {
  if (e.endsAt.getTime() <= e.startsAt.getTime())
    throw new AppError('validation_failed', 'endsAt: the event must end after it starts', {
      field: 'endsAt',
    });
  if (!e.place && !e.onlineUrl)
    throw new AppError('validation_failed', 'place: an event needs a place or an online link (onlineUrl)', {
      field: 'place',
    });
  checkWindow(e.sendWindow.start, e.sendWindow.end);
}

// A cancelled event stays cancelled; a closed one may reopen (a seat freed after the deadline).
const NEXT: Record<EventStatus, EventStatus[]> = {
  draft: ['open', 'cancelled'],
  open: ['closed', 'cancelled'],
  closed: ['open', 'cancelled'],
  cancelled: [],
};

export function checkTransition(from: EventStatus, to: EventStatus): void {
  if (from === to) return;
  if (!NEXT[from].includes(to))
    throw new AppError('conflict', `An event that is ${from} cannot become ${to}`, { field: 'status' });
}

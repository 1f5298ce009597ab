import type { Generated } from 'kysely';

export const eventStatuses = ['draft', 'open', 'closed', 'cancelled'] as const;
export type EventStatus = (typeof eventStatuses)[number];
export const attendeeStates = ['confirmed', 'waitlisted', 'declined', 'cancelled'] as const;
export type AttendeeState = (typeof attendeeStates)[number];
export type InvitationStatus = 'pending' | 'sent' | 'skipped' | 'failed' | 'held-out';

export interface EventTables {
  loyalty_event: {
    id: string;
    title: string;
    description: Generated<string>;
    starts_at: Date;
    ends_at: Date;
    time_zone: string;
    place: string | null;
    online_url: string | null;
    capacity: number;
    points: Generated<number>;
    status: Generated<EventStatus>;
    send_window_start: Generated<string>;
    send_window_end: Generated<string>;
    created_by: string | null;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
  loyalty_event_invitation: {
    id: string;
    event_id: string;
    customer_id: string;
    arm: 'treated' | 'held-out' | 'global-control';
    status: InvitationStatus;
    reason: string | null;
    reason_code: string | null;
    planned_for: Date | null;
    sent_at: Date | null;
    created_at: Generated<Date>;
  };
  loyalty_event_attendee: {
    event_id: string;
    customer_id: string;
    state: AttendeeState;
    answered_at: Date;
    checked_in_at: Date | null;
    checked_in_by: string | null;
    promoted_at: Generated<Date | null>;
    seat_mail_sent_at: Generated<Date | null>;
  };
}

import { lazy } from 'react';
import { IconCalendar } from '../../ui/icons.tsx';
import { defineSection } from '../types.ts';

const EventsPage = lazy(() => import('./events-page.tsx').then((m) => ({ default: m.EventsPage })));
const NewEventPage = lazy(() => import('./new-event-page.tsx').then((m) => ({ default: m.NewEventPage })));
const EventPage = lazy(() => import('./event-page.tsx').then((m) => ({ default: m.EventPage })));
const CheckInPage = lazy(() => import('./check-in-page.tsx').then((m) => ({ default: m.CheckInPage })));

/** Customer events and seminars: create, invite a segment, answers, check-in at the door. */
export const eventsSection = defineSection({
  id: 'events',
  label: 'Events',
  icon: IconCalendar,
  href: '/events',
  roles: ['admin', 'manager', 'agent'],
  requires: [
    '/api/v1/loyalty/events',
    '/api/v1/loyalty/events/{id}',
    '/api/v1/loyalty/events/{id}/invitations',
    '/api/v1/loyalty/events/{id}/attendees',
    '/api/v1/loyalty/events/{id}/attendees/{customerId}/check-in',
    '/api/v1/loyalty/events/{id}/report',
  ],
  routes: [
    { path: '/events', component: EventsPage },
    { path: '/events/new', component: NewEventPage },
    { path: '/events/:id', component: EventPage },
    { path: '/events/:id/check-in', component: CheckInPage },
  ],
});

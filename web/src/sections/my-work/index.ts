import { lazy } from 'react';
import { IconInbox } from '../../ui/icons.tsx';
import { defineSection } from '../types.ts';

const InboxPage = lazy(() => import('./inbox-page.tsx').then((m) => ({ default: m.InboxPage })));
const NotificationsPage = lazy(() =>
  import('./notifications-page.tsx').then((m) => ({ default: m.NotificationsPage })),
);
const CasePage = lazy(() => import('./case-page.tsx').then((m) => ({ default: m.CasePage })));

export const myWorkSection = defineSection({
  id: 'my-work',
  label: 'My work',
  icon: IconInbox,
  href: '/my-work',
  roles: ['admin', 'manager', 'agent'],
  requires: [
    '/api/v1/cases',
    '/api/v1/cases/{id}',
    '/api/v1/cases/{id}/comments',
    '/api/v1/cases/{id}/snooze',
    '/api/v1/cases/{id}/resolve',
    '/api/v1/cases/{id}/reopen',
    '/api/v1/cases/{id}/reassign',
    '/api/v1/cases/bulk',
    '/api/v1/teams',
    '/api/v1/notifications',
    '/api/v1/notifications/{id}/read',
    '/api/v1/notifications/read-all',
    '/api/v1/tasks',
    '/api/v1/tasks/{id}/complete',
    '/api/v1/loop/root-causes',
    '/api/v1/customers/{id}',
    '/api/v1/staff',
  ],
  routes: [
    { path: '/my-work', component: InboxPage },
    { path: '/my-work/cases/:id', component: CasePage },
    { path: '/notifications', component: NotificationsPage },
  ],
});

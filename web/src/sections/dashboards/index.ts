import { lazy } from 'react';
import { IconChart } from '../../ui/icons.tsx';
import { defineSection } from '../types.ts';

const DashboardsPage = lazy(() =>
  import('./dashboards-page.tsx').then((m) => ({ default: m.DashboardsPage })),
);

export const dashboardsSection = defineSection({
  id: 'dashboards',
  label: 'Dashboards',
  icon: IconChart,
  href: '/dashboards',
  roles: ['admin', 'manager'],
  requires: [
    '/api/v1/feedback/summary',
    '/api/v1/insight/reasons',
    '/api/v1/insight/cohorts',
    '/api/v1/insight/survival',
    '/api/v1/customers',
    '/api/v1/loop/report',
    '/api/v1/cases',
  ],
  routes: [{ path: '/dashboards', component: DashboardsPage }],
});

import { lazy } from 'react';
import { IconPhone } from '../../ui/icons.tsx';
import { defineSection } from '../types.ts';

const CallsTodayPage = lazy(() =>
  import('./calls-today-page.tsx').then((m) => ({ default: m.CallsTodayPage })),
);

export const callsSection = defineSection({
  id: 'calls',
  label: 'Calls today',
  icon: IconPhone,
  href: '/calls',
  roles: ['admin', 'manager', 'agent'],
  requires: ['/api/v1/calls/today', '/api/v1/calls/{id}/skip', '/api/v1/staff'],
  routes: [{ path: '/calls', component: CallsTodayPage }],
});

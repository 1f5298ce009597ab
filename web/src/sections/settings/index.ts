import { lazy } from 'react';
import { IconSettings } from '../../ui/icons.tsx';
import { defineSection } from '../types.ts';

const SettingsPage = lazy(() => import('./settings-page.tsx').then((m) => ({ default: m.SettingsPage })));

export const settingsSection = defineSection({
  id: 'settings',
  label: 'Settings',
  icon: IconSettings,
  href: '/settings',
  roles: ['admin'],
  requires: ['/api/v1/staff', '/api/v1/api-keys', '/api/v1/api-keys/{id}', '/api/v1/audit'],
  routes: [
    { path: '/settings', component: SettingsPage },
    { path: '/settings/:tab', component: SettingsPage },
  ],
});

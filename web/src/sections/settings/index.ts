import { lazy } from 'react';
import { IconSettings } from '../../ui/icons.tsx';
import { defineSection } from '../types.ts';

const SettingsPage = lazy(() => import('./settings-page.tsx').then((m) => ({ default: m.SettingsPage })));

/** Admins see every tab; managers see teams, working hours and the contact budget (see settings-page.tsx). */
export const settingsSection = defineSection({
  id: 'settings',
  label: 'Settings',
  icon: IconSettings,
  href: '/settings',
  roles: ['admin', 'manager'],
  requires: [
    '/api/v1/staff',
    '/api/v1/api-keys',
    '/api/v1/api-keys/{id}',
    '/api/v1/audit',
    '/api/v1/teams',
    '/api/v1/teams/{id}',
    '/api/v1/teams/{id}/members',
    '/api/v1/teams/{id}/coverage',
    '/api/v1/staff/hours',
    '/api/v1/staff/{id}/hours',
    '/api/v1/outreach/rules',
    '/api/v1/outreach/rules/{purpose}',
    '/api/v1/settings/mail',
    '/api/v1/settings/mail/test',
    '/api/v1/loyalty/settings',
    '/api/v1/loyalty/earn-rules',
    '/api/v1/loyalty/earn-rules/{id}',
    '/api/v1/loyalty/earn-rules/dry-run',
    '/api/v1/loyalty/tiers',
    '/api/v1/loyalty/tiers/{id}',
    '/api/v1/loyalty/rewards',
    '/api/v1/loyalty/rewards/{id}',
    '/api/v1/loyalty/rewards/{id}/codes',
  ],
  routes: [
    { path: '/settings', component: SettingsPage },
    { path: '/settings/:tab', component: SettingsPage },
  ],
});

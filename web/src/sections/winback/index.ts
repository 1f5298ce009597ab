import { lazy } from 'react';
import { IconMail } from '../../ui/icons.tsx';
import { defineSection } from '../types.ts';

const WinbackPage = lazy(() => import('./winback-page.tsx').then((m) => ({ default: m.WinbackPage })));

/** The win-back play: settings, a dry run that says who and how, run now, results with uplift. */
export const winbackSection = defineSection({
  id: 'winback',
  label: 'Win-back',
  icon: IconMail,
  href: '/winback',
  roles: ['admin', 'manager'],
  requires: ['/api/v1/winback/settings', '/api/v1/winback/run', '/api/v1/winback/runs'],
  routes: [{ path: '/winback', component: WinbackPage }],
});
